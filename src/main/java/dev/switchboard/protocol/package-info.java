/**
 * Pure wire formats: Engine.IO and Socket.IO packet records and their codecs. Encodes and decodes values, throws
 * {@link dev.switchboard.protocol.ProtocolException} on bad input, and never touches a connection.
 * <p>
 * May import {@code jakarta.json} (JSON-P values), because Socket.IO payloads are JSON and the layers above hand
 * them to applications as JSON-P values. Must not import any other {@code jakarta.*} package (no container APIs)
 * or any other Switchboard package.
 */
package dev.switchboard.protocol;
