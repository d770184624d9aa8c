/**
 * Redis pub/sub adapter: the Jedis publisher, the managed subscriber thread, and the wire codec compatible with
 * {@code @socket.io/redis-adapter} 8.x ({@link dev.switchboard.cluster.redis.RedisWire}), so that Java and Node
 * nodes form one cluster. May import {@code dev.switchboard.socketio}, {@code dev.switchboard.engineio} and
 * {@code dev.switchboard.protocol}.
 */
package dev.switchboard.cluster.redis;
