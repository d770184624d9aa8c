package dev.switchboard.socketio;

/**
 * Makes the adapter of each namespace. A CDI bean implementing it replaces the in-memory default (the Redis
 * adapter provides one); it may still return {@link InMemoryAdapter} when clustering is not configured.
 */
public interface AdapterFactory {

    Adapter create(SocketIoNamespace namespace);
}
