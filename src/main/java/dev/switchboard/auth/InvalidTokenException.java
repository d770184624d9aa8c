package dev.switchboard.auth;

/** A token was refused; the rejection says why in terms safe to show the client. */
public final class InvalidTokenException extends Exception {

    private final TokenRejection rejection;

    public InvalidTokenException(TokenRejection rejection) {
        super(rejection.message(), null, false, false);
        this.rejection = rejection;
    }

    public TokenRejection rejection() {
        return rejection;
    }
}
