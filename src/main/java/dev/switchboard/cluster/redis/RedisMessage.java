package dev.switchboard.cluster.redis;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * A request or response read from {@code <key>-request#<nsp>#} or {@code <key>-response#<nsp>#}: what
 * {@link RedisWire#decodeMessage(byte[])} returns, whether the sender wrote JSON or MessagePack.
 *
 * @param body        the message, with every binary value replaced by a
 *                    {@linkplain dev.switchboard.protocol.SocketPacket#placeholder(int) placeholder}
 * @param attachments the bytes of those binary values, indexed by placeholder number; empty for JSON messages
 */
public record RedisMessage(JsonObject body, List<byte[]> attachments) {

    public RedisMessage {
        Objects.requireNonNull(body, "body");
        attachments = List.copyOf(attachments);
    }
}
