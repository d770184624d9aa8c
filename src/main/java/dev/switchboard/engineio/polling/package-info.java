/**
 * HTTP long-polling: GET receives, POST sends. Adapts servlet requests to a
 * {@link dev.switchboard.engineio.Transport}; decides nothing about sessions itself.
 */
package dev.switchboard.engineio.polling;
