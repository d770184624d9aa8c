/**
 * The conformance fixture: handlers that make Switchboard behave like the reference server of the official
 * Socket.IO protocol test suite, switched on by configuration. Uses the public socketio API only.
 */
package dev.switchboard.conformance;
