package dev.switchboard.engineio;

import dev.switchboard.auth.LimitsConfig;
import dev.switchboard.engineio.polling.PollingServlet;
import dev.switchboard.engineio.websocket.WebSocketUpgradeFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.annotation.WebListener;
import java.util.EnumSet;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Registers the polling servlet and the WebSocket upgrade filter at the configured engine path. Reads the engine and
 * limits configuration first, so a nonsense value fails the deployment with a message naming the key.
 */
@WebListener
public class EngineDeployment implements ServletContextListener {

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext ctx = event.getServletContext();
        EngineConfig config = EngineConfig.from(ConfigProvider.getConfig());
        LimitsConfig.from(ConfigProvider.getConfig());
        String mapping = config.path() + "*";

        FilterRegistration.Dynamic filter = ctx.addFilter("switchboard-websocket-upgrade", WebSocketUpgradeFilter.class);
        filter.setAsyncSupported(true);
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, mapping);

        ServletRegistration.Dynamic polling = ctx.addServlet("switchboard-polling", PollingServlet.class);
        polling.setAsyncSupported(true);
        polling.addMapping(mapping);
        polling.setLoadOnStartup(1);
    }
}
