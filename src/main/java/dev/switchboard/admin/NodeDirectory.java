package dev.switchboard.admin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The other nodes' latest snapshots with the local time each arrived (never the sender's clock): a node not heard
 * from within {@code expiry}, or that said goodbye, is gone. Thread-safe; time is passed in, for tests.
 */
final class NodeDirectory {

    private record Heard(NodeSnapshot snapshot, long atMillis) {
    }

    private final String self;
    private final long expiryMillis;
    private final Map<String, Heard> others = new ConcurrentHashMap<>();

    NodeDirectory(String self, long expiryMillis) {
        this.self = self;
        this.expiryMillis = expiryMillis;
    }

    /** Takes a message from the channel (this node's own echo is ignored). */
    void accept(NodeSnapshotCodec.Message message, long nowMillis) {
        if (self.equals(message.node())) {
            return;
        }
        if (message.bye()) {
            others.remove(message.node());
        } else {
            others.merge(message.node(), new Heard(message.snapshot(), nowMillis),
                    (old, fresh) -> fresh.snapshot().takenAt().isBefore(old.snapshot().takenAt()) ? old : fresh);
        }
    }

    /** Forgets the nodes not heard from within the expiry. */
    void expire(long nowMillis) {
        others.values().removeIf(h -> nowMillis - h.atMillis() > expiryMillis);
    }

    /** The live other nodes, by id. */
    List<NodeSnapshot> live(long nowMillis) {
        expire(nowMillis);
        List<NodeSnapshot> out = new ArrayList<>();
        others.values().forEach(h -> out.add(h.snapshot()));
        out.sort(Comparator.comparing(NodeSnapshot::node));
        return out;
    }

    void clear() {
        others.clear();
    }
}
