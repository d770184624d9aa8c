package dev.switchboard.admin;

import dev.switchboard.engineio.EngineServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Liveness ({@code /health/live}): up while the engine runs (deployed, not shutting down, its timer alive). */
@Liveness
@ApplicationScoped
public class EngineLiveness implements HealthCheck {

    @Inject
    EngineServer engine;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("switchboard-engine")
                .status(engine.running())
                .withData("connections", engine.sessionCount())
                .build();
    }
}
