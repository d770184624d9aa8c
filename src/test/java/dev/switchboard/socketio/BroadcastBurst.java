package dev.switchboard.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * A burst of broadcasts to many WebSocket clients, for the chat demo's {@code chat} event (re-broadcast to every
 * socket): every client must get every message, in the order it was sent. Large broadcasts leave their writes to
 * the engine's writer threads and, on Tyrus, write raw frames, several per socket write when they pile up; this
 * checks nothing is lost, duplicated or reordered on the way.
 */
public final class BroadcastBurst {

    private BroadcastBurst() {
    }

    /** Connects {@code clients} Java clients at {@code enginePath} and has the first send {@code messages} chats. */
    public static void check(URI base, String enginePath, int clients, int messages) throws InterruptedException {
        List<Socket> sockets = new ArrayList<>();
        List<List<Integer>> received = new ArrayList<>();
        CountDownLatch connected = new CountDownLatch(clients);
        CountDownLatch complete = new CountDownLatch(clients);
        try {
            for (int i = 0; i < clients; i++) {
                IO.Options options = IO.Options.builder().setPath(enginePath).setForceNew(true)
                        .setReconnection(false).setTransports(new String[] {"websocket"}).build();
                Socket socket = IO.socket(base.resolve("/"), options);
                List<Integer> got = new CopyOnWriteArrayList<>();
                socket.on(Socket.EVENT_CONNECT, args -> connected.countDown());
                socket.on("chat", args -> {
                    got.add(((Number) args[0]).intValue());
                    if (got.size() == messages) {
                        complete.countDown();
                    }
                });
                sockets.add(socket);
                received.add(got);
                socket.connect();
            }
            assertTrue(connected.await(30, TimeUnit.SECONDS), "clients connected: " + (clients - connected.getCount()));
            Socket sender = sockets.get(0);
            for (int n = 0; n < messages; n++) {
                sender.emit("chat", n);
            }
            assertTrue(complete.await(30, TimeUnit.SECONDS),
                    "clients with every message: " + (clients - complete.getCount()) + " of " + clients);
            List<Integer> expected = IntStream.range(0, messages).boxed().toList();
            for (int i = 0; i < clients; i++) {
                assertEquals(expected, List.copyOf(received.get(i)), "client " + i + " got the burst out of order");
            }
        } finally {
            sockets.forEach(Socket::disconnect);
        }
    }
}
