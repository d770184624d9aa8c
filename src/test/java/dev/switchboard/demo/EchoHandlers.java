package dev.switchboard.demo;

import dev.switchboard.socketio.Ack;
import dev.switchboard.socketio.Arguments;
import dev.switchboard.socketio.OnEvent;
import dev.switchboard.socketio.SocketNamespace;

/** Test-only: acknowledges {@code echo} with its own arguments, binary included (added to ChatDemoIT's WAR). */
@SocketNamespace("/")
public class EchoHandlers {

    @OnEvent("echo")
    void echo(Arguments args, Ack ack) {
        ack.send(args.values());
    }
}
