package dev.switchboard.engineio.websocket;

import dev.switchboard.engineio.EngineConfig;
import dev.switchboard.engineio.TransportKind;
import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Publishes {@link EngineWebSocketEndpoint} at the configured engine path (or not at all when the websocket
 * transport is disabled) instead of the path in its annotation.
 */
public class WebSocketDeployment implements ServerApplicationConfig {

    @Override
    public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> scanned) {
        EngineConfig config = EngineConfig.from(ConfigProvider.getConfig());
        if (!config.enabled(TransportKind.WEBSOCKET)) {
            return Set.of();
        }
        return Set.of(ServerEndpointConfig.Builder.create(EngineWebSocketEndpoint.class, config.path())
                .configurator(new EngineEndpointConfigurator())
                .build());
    }

    @Override
    public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
        Set<Class<?>> others = new java.util.HashSet<>(scanned);
        others.remove(EngineWebSocketEndpoint.class);
        return others;
    }
}
