/**
 * The WebSocket transport: a thin annotated {@code @ServerEndpoint}, the upgrade filter that answers bad upgrade
 * requests with a JSON error before the container upgrades them, and the transport that writes frames one at a
 * time. Decides nothing about sessions itself.
 */
package dev.switchboard.engineio.websocket;
