package dev.switchboard.socketio;

import java.util.List;

/** The adapter conformance suite on a single node with the default in-memory adapter. */
class InMemoryAdapterConformanceTest extends AdapterConformance {

    @Override
    protected List<SocketIoNamespace> nodes(String namespace) {
        return List.of(new SocketIoNamespace(namespace, scheduler(), InMemoryAdapter::new));
    }
}
