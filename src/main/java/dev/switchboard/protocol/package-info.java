/**
 * Pure wire formats: Engine.IO (and later Socket.IO) packet records and their codecs. Encodes and decodes values,
 * throws {@link dev.switchboard.protocol.ProtocolException} on bad input, and never touches a connection.
 * Must not import {@code jakarta.*} or any other Switchboard package.
 */
package dev.switchboard.protocol;
