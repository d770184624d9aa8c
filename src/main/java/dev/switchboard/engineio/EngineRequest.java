package dev.switchboard.engineio;

/**
 * The Engine.IO part of an HTTP request (query parameters and the headers the checks need), validated against
 * the configuration. Both transports check requests through here, so they refuse the same things the same way.
 *
 * @param transport the transport named by the {@code transport} parameter
 * @param sid       the {@code sid} parameter, or {@code null} for a handshake
 */
public record EngineRequest(TransportKind transport, String sid) {

    /**
     * Checks the protocol version, transport and origin. Order: {@code EIO} (missing or not a number →
     * BAD_REQUEST, another version → UNSUPPORTED_PROTOCOL_VERSION), {@code transport} (unknown or disabled →
     * UNKNOWN_TRANSPORT), Origin (→ FORBIDDEN).
     *
     * @param upgrade true for a WebSocket upgrade request
     */
    public static EngineRequest check(String eio, String transportName, String sid, String origin, String host,
                                      boolean upgrade, EngineConfig config, OriginPolicy origins) {
        if (eio == null || eio.isEmpty() || eio.length() > 3 || !eio.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new EngineException(EngineError.BAD_REQUEST);
        }
        if (!"4".equals(eio)) {
            throw new EngineException(EngineError.UNSUPPORTED_PROTOCOL_VERSION);
        }
        TransportKind transport = TransportKind.fromWireName(transportName);
        if (transport == null || !config.enabled(transport)) {
            throw new EngineException(EngineError.UNKNOWN_TRANSPORT);
        }
        if (upgrade != (transport == TransportKind.WEBSOCKET)) {
            throw new EngineException(EngineError.BAD_REQUEST);
        }
        if (!origins.allows(origin, host)) {
            throw new EngineException(EngineError.FORBIDDEN);
        }
        return new EngineRequest(transport, sid == null || sid.isEmpty() ? null : sid);
    }
}
