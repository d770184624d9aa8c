/**
 * The chat demo that the README runs: Socket.IO handlers only; may import {@code dev.switchboard.socketio},
 * nothing lower.
 */
package dev.switchboard.demo;
