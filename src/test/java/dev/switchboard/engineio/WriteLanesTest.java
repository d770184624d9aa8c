package dev.switchboard.engineio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
            lane.slot(() -> {
                written.add(n);
                all.countDown();
            }).schedule();
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
            lane.slot(done::countDown).schedule();
            assertTrue(done.await(5, TimeUnit.SECONDS), "round " + round + " was not written");
        }
    }

    @Test
    void aFailingWriteDoesNotStopItsLane() throws InterruptedException {
        lanes = new WriteLanes(Thread::new, 1, managed);
        WriteLanes.Lane lane = lanes.assign();
        CountDownLatch after = new CountDownLatch(1);
        lane.slot(() -> {
            throw new IllegalStateException("a write failed");
        }).schedule();
        lane.slot(after::countDown).schedule();
        assertTrue(after.await(5, TimeUnit.SECONDS));
    }

    @Test
    void workAfterAWriteRunsOnTheManagedExecutorWhenOnALaneAndInlineElsewhere() throws InterruptedException {
        lanes = new WriteLanes(r -> new Thread(r, "lane"), 1, managed);
        AtomicReference<String> ranOn = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        lanes.assign().slot(() -> WriteLanes.offLane(() -> {
            ranOn.set(Thread.currentThread().getName());
            done.countDown();
        })).schedule();
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertEquals("managed", ranOn.get());
        WriteLanes.offLane(() -> ranOn.set(Thread.currentThread().getName()));
        assertEquals(Thread.currentThread().getName(), ranOn.get());
    }

    @Test
    void aSlotQueuedTwiceIsWrittenOnceAndASlotQueuedDuringItsWriteIsWrittenAgain() throws InterruptedException {
        lanes = new WriteLanes(Thread::new, 1, managed);
        WriteLanes.Lane lane = lanes.assign();
        CountDownLatch inWrite = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger writes = new AtomicInteger();
        CountDownLatch second = new CountDownLatch(2);
        WriteLanes.Slot slot = lane.slot(() -> {
            if (writes.incrementAndGet() == 1) {
                inWrite.countDown();
                await(release);
            }
            second.countDown();
        });
        slot.schedule();
        assertTrue(inWrite.await(5, TimeUnit.SECONDS));
        slot.schedule(); // during the write: queued again
        slot.schedule(); // already queued: nothing more
        release.countDown();
        assertTrue(second.await(5, TimeUnit.SECONDS));
        CountDownLatch marker = new CountDownLatch(1);
        lane.slot(marker::countDown).schedule();
        assertTrue(marker.await(5, TimeUnit.SECONDS)); // everything queued before the marker has been written
        assertEquals(2, writes.get());
    }

    /**
     * Many threads queue many slots, over and over, while the lane writes them: every request made before a
     * schedule() is seen by a write after it (none is lost, whether the slot was idle, queued or being written).
     */
    @Test
    void manyProducersLoseNoRequest() throws Exception {
        lanes = new WriteLanes(Thread::new, 1, managed);
        WriteLanes.Lane lane = lanes.assign();
        int producers = 4;
        int slotsEach = 50;
        int rounds = 2_000;
        AtomicInteger[] requested = new AtomicInteger[producers * slotsEach];
        AtomicInteger[] seen = new AtomicInteger[requested.length];
        WriteLanes.Slot[] slots = new WriteLanes.Slot[requested.length];
        for (int i = 0; i < slots.length; i++) {
            int n = i;
            requested[i] = new AtomicInteger();
            seen[i] = new AtomicInteger();
            slots[i] = lane.slot(() -> seen[n].set(requested[n].get()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(producers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int first = p * slotsEach;
                done.add(pool.submit(() -> {
                    for (int r = 0; r < rounds; r++) {
                        // two producers share every slot, so slots are also queued by one while another's write runs
                        for (int i = 0; i < slotsEach; i++) {
                            int n = (first + i + (r % 2) * slotsEach) % slots.length;
                            requested[n].incrementAndGet();
                            slots[n].schedule();
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int behind = -1;
        while (System.nanoTime() < deadline) {
            behind = 0;
            for (int i = 0; i < slots.length; i++) {
                if (seen[i].get() != requested[i].get()) {
                    behind++;
                }
            }
            if (behind == 0) {
                break;
            }
            Thread.onSpinWait();
        }
        assertEquals(0, behind, "slots whose last request no write saw");
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
