package dev.switchboard.socketio;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

/** Runs short tasks later (ack and request timeouts); the engine's timer thread in the server. */
@FunctionalInterface
public interface Scheduler {

    ScheduledFuture<?> schedule(Runnable task, Duration delay);
}
