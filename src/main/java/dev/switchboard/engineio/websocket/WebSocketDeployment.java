package dev.switchboard.engineio.websocket;

import dev.switchboard.engineio.EngineConfig;
import dev.switchboard.engineio.TransportKind;
import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.HashSet;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Decides where the Engine.IO WebSocket endpoint is published: the annotated {@link EngineWebSocketEndpoint} at
 * the default path, {@link ConfiguredPathEndpoint} at any other configured path, nothing when the websocket
 * transport is disabled.
 */
public class WebSocketDeployment implements ServerApplicationConfig {

    private final EngineConfig config = EngineConfig.from(ConfigProvider.getConfig());

    private boolean atDefaultPath() {
        return EngineConfig.DEFAULT_PATH.equals(config.path());
    }

    @Override
    public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> scanned) {
        if (!config.enabled(TransportKind.WEBSOCKET) || atDefaultPath()) {
            return Set.of();
        }
        return Set.of(ServerEndpointConfig.Builder.create(ConfiguredPathEndpoint.class, config.path())
                .configurator(new EngineEndpointConfigurator())
                .build());
    }

    @Override
    public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
        Set<Class<?>> published = new HashSet<>(scanned);
        if (!config.enabled(TransportKind.WEBSOCKET) || !atDefaultPath()) {
            published.remove(EngineWebSocketEndpoint.class);
        }
        return published;
    }
}
