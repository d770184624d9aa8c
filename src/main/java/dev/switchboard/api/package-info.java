/**
 * The HTTP boundary: the JAX-RS application at {@code /api} (MicroProfile JWT, roles from {@code groups}), its
 * resources and the mappers that turn every failure into an RFC 9457 problem body. Uses {@code socketio},
 * {@code auth}, {@code admin} (the cluster view) and the cluster connection's state; nothing below imports it.
 */
package dev.switchboard.api;
