package dev.switchboard.engineio;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Builds the test deployments: the WAR that `mvn package` built, plus the test-only probe and either the echo
 * listener (in place of the Socket.IO layer) or test Socket.IO handlers.
 */
public final class EngineTestDeployment {

    private EngineTestDeployment() {
    }

    /** @param configResource a test resource used as the WAR's {@code META-INF/microprofile-config.properties} */
    public static WebArchive builtWarWith(String configResource) {
        return builtWar(configResource).addClass(EchoListener.class);
    }

    /** The built WAR with its Socket.IO layer, the probe and the given test handler classes. */
    public static WebArchive socketIoWarWith(String configResource, Class<?>... handlers) {
        return builtWar(configResource).addClasses(handlers);
    }

    private static WebArchive builtWar(String configResource) {
        String path = System.getProperty("switchboard.war", "target/switchboard.war");
        File war = new File(path);
        if (!war.isFile()) {
            throw new IllegalStateException("the built WAR is missing: " + war.getAbsolutePath()
                    + " (run the tests with `mvn verify`)");
        }
        return ShrinkWrap.createFromZipFile(WebArchive.class, war)
                .addClasses(EngineProbeServlet.class)
                .addAsResource(configResource, "META-INF/microprofile-config.properties");
    }
}
