package dev.switchboard.cluster.redis;

/** A cluster request did not get every node's answer in time (a node died or Redis is unreachable). */
public class ClusterTimeoutException extends RuntimeException {

    public ClusterTimeoutException(String message) {
        super(message, null, false, false);
    }
}
