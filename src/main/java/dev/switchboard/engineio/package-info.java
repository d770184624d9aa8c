/**
 * The Engine.IO v4 server: sessions, handshake, heartbeat, upgrade, the {@link dev.switchboard.engineio.Transport}
 * abstraction and the error catalogue. Knows nothing of Socket.IO: upper layers plug in through
 * {@link dev.switchboard.engineio.EngineListener}. Imports {@code dev.switchboard.protocol} and
 * {@code dev.switchboard.auth} (the connection limits) only.
 */
package dev.switchboard.engineio;
