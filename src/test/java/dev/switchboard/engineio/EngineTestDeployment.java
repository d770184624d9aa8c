package dev.switchboard.engineio;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** Builds the test deployment: the WAR that `mvn package` built, plus the test-only echo listener and probe. */
public final class EngineTestDeployment {

    private EngineTestDeployment() {
    }

    /** @param configResource a test resource used as the WAR's {@code META-INF/microprofile-config.properties} */
    public static WebArchive builtWarWith(String configResource) {
        String path = System.getProperty("switchboard.war", "target/switchboard.war");
        File war = new File(path);
        if (!war.isFile()) {
            throw new IllegalStateException("the built WAR is missing: " + war.getAbsolutePath()
                    + " (run the tests with `mvn verify`)");
        }
        return ShrinkWrap.createFromZipFile(WebArchive.class, war)
                .addClasses(EchoListener.class, EngineProbeServlet.class)
                .addAsResource(configResource, "META-INF/microprofile-config.properties");
    }
}
