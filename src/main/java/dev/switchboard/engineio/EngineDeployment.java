package dev.switchboard.engineio;

import dev.switchboard.auth.LimitsConfig;
import dev.switchboard.engineio.polling.PollingServlet;
import dev.switchboard.engineio.websocket.WebSocketUpgradeFilter;
import jakarta.enterprise.inject.spi.CDI;
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
 *
 * <p>It also makes the server's first {@code CDI.current()} call, on this one thread before any request: in the
 * CDI 4.0 API the provider lookup of concurrent first callers races (jakartaee/cdi#994: one caller can get
 * {@code null} while another is still setting it), and Payara's MicroProfile JWT mechanism calls it on every request.
 * Once this call has set the provider, the later ones only read it. Without it, a burst of requests in the first
 * second after boot once got an HTTP 500 (a NullPointerException in {@code CDI.current()} on a WebSocket handshake).
 */
@WebListener
public class EngineDeployment implements ServletContextListener {

    @Override
    public void contextInitialized(ServletContextEvent event) {
        CDI.current();
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
