package dev.switchboard.admin;

import java.util.Map;

/**
 * This node's figures over JMX ({@code dev.switchboard:type=Node}, for JConsole or VisualVM): the same values the
 * metrics endpoint serves, read live. Totals count since the application started.
 */
public interface NodeMXBean {

    String getNodeId();

    String getStartedAt();

    /** Open Engine.IO connections. */
    int getConnections();

    /** Open Engine.IO connections by transport ({@code websocket}, {@code polling}). */
    Map<String, Integer> getConnectionsByTransport();

    /** Connected sockets, all namespaces. */
    int getSockets();

    Map<String, Integer> getSocketsByNamespace();

    long getHandshakes();

    long getUpgrades();

    long getBytesIn();

    long getBytesOut();

    long getEventsIn();

    long getEventsOut();

    long getBroadcastDeliveries();

    long getVolatileDropped();

    long getSlowConsumerDisconnects();

    /** Engine.IO requests refused, by cause (lower-case error names). */
    Map<String, Long> getRejectedRequests();

    /** Socket disconnects by reason (lower-case reason names), all namespaces. */
    Map<String, Long> getDisconnects();

    /** {@code disabled}, {@code connecting}, {@code connected}, {@code disconnected} or {@code stopped}. */
    String getRedisState();

    boolean isRedisSubscriberAlive();

    long getRedisPublished();

    long getRedisReceived();

    long getRedisDropped();

    long getRedisErrors();

    long getRedisReconnects();

    long getClusterRequestTimeouts();
}
