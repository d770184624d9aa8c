package dev.switchboard.api;

/** The roles the API knows; a token carries them in its {@code groups} claim. */
public final class Roles {

    /** Operators: the server API and every admin operation. */
    public static final String ADMIN = "admin";
    /** Signed-in users of the demo's authenticated namespace. */
    public static final String USER = "user";

    private Roles() {
    }
}
