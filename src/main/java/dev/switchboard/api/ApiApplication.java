package dev.switchboard.api;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;

/**
 * The REST API at {@code /api}. MicroProfile JWT authenticates every request that carries
 * {@code Authorization: Bearer}, with the keys and issuer of {@code mp.jwt.verify.*}; roles come from the token's
 * {@code groups}. (Payara reads {@code @LoginConfig} only on an application-scoped {@code Application}.)
 */
@ApplicationPath("api")
@ApplicationScoped
@LoginConfig(authMethod = "MP-JWT")
@DeclareRoles({Roles.ADMIN, Roles.USER})
public class ApiApplication extends Application {
}
