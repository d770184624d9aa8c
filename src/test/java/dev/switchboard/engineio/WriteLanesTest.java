package dev.switchboard.engineio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WriteLanesTest {

    private final ExecutorService managed = Executors.newSingleThreadExecutor(r -> new Thread(r, "managed"));
    private WriteLanes lanes;

    @AfterEach
    void stop() {
        if (lanes != null) {
            lanes.stop();
        }
        managed.shutdownNow();
    }

    @Test
    void deferringIsVisibleOnlyInsideTheScopeAndNests() {
        assertFalse(WriteLanes.deferred());
        WriteLanes.deferring(() -> {
            assertTrue(WriteLanes.deferred());
            WriteLanes.deferring(() -> assertTrue(WriteLanes.deferred()));
            assertTrue(WriteLanes.deferred());
        });
        assertFalse(WriteLanes.deferred());
    }

    @Test
    void deferringEndsEvenWhenTheWorkThrows() {
        try {
            WriteLanes.deferring(() -> {
                throw new IllegalStateException("boom");
            });
        } catch (IllegalStateException expected) {
            // the scope must be closed anyway
        }
        assertFalse(WriteLanes.deferred());
    }

    @Test
    void connectionsAreSpreadOverTheLanesAndNoLanesMeansInline() {
        lanes = new WriteLanes(Thread::new, 2, managed);
        assertEquals(2, lanes.size());
        assertNotEquals(lanes.assign(), lanes.assign());
        WriteLanes none = new WriteLanes(Thread::new, 0, managed);
        assertNull(none.assign());
        assertEquals("", none.threadClass());
    }

    @Test
    void aLaneWritesScheduledConnectionsInTheOrderTheyWereScheduled() throws InterruptedException {
        lanes = new WriteLanes(Thread::new, 1, managed);
        WriteLanes.Lane lane = lanes.assign();
        List<Integer> written = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(10_000);
        for (int i = 0; i < 10_000; i++) {
            int n = i;
            lane.schedule(() -> {
                written.add(n);
                all.countDown();
            });
        }
        assertTrue(all.await(10, TimeUnit.SECONDS), "left: " + all.getCount());
        for (int i = 0; i < 10_000; i++) {
            assertEquals(i, written.get(i));
        }
    }

    @Test
    void aSleepingLaneWakesUpForNewWork() throws InterruptedException {
        lanes = new WriteLanes(Thread::new, 1, managed);
        WriteLanes.Lane lane = lanes.assign();
        for (int round = 0; round < 200; round++) {
            CountDownLatch done = new CountDownLatch(1);
            lane.schedule(done::countDown);
            assertTrue(done.await(5, TimeUnit.SECONDS), "round " + round + " was not written");
        }
    }

    @Test
    void aFailingWriteDoesNotStopItsLane() throws InterruptedException {
        lanes = new WriteLanes(Thread::new, 1, managed);
        WriteLanes.Lane lane = lanes.assign();
        CountDownLatch after = new CountDownLatch(1);
        lane.schedule(() -> {
            throw new IllegalStateException("a write failed");
        });
        lane.schedule(after::countDown);
        assertTrue(after.await(5, TimeUnit.SECONDS));
    }

    @Test
    void workAfterAWriteRunsOnTheManagedExecutorWhenOnALaneAndInlineElsewhere() throws InterruptedException {
        lanes = new WriteLanes(r -> new Thread(r, "lane"), 1, managed);
        AtomicReference<String> ranOn = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        lanes.assign().schedule(() -> WriteLanes.offLane(() -> {
            ranOn.set(Thread.currentThread().getName());
            done.countDown();
        }));
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertEquals("managed", ranOn.get());
        WriteLanes.offLane(() -> ranOn.set(Thread.currentThread().getName()));
        assertEquals(Thread.currentThread().getName(), ranOn.get());
    }
}
