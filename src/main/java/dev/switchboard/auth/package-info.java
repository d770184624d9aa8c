/**
 * Admission policy, pure Java: token buckets and per-address rate limits, the trusted-proxy rule for client
 * addresses, and the {@code switchboard.limits.*} configuration; must not import {@code engineio} or {@code socketio}.
 */
package dev.switchboard.auth;
