package dev.switchboard.api;

import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The OpenAPI security scheme the server API's operations refer to (MicroProfile JWT bearer tokens). */
@SecurityScheme(securitySchemeName = ApiDocs.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        bearerFormat = "JWT", description = "A MicroProfile JWT whose groups hold the admin role")
final class ApiDocs {

    static final String BEARER = "bearer";

    private ApiDocs() {
    }
}
