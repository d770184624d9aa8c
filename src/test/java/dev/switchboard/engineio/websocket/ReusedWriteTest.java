package dev.switchboard.engineio.websocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.SendResult;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/** The reused buffer and completion of GrizzlyDirectWrites: one write at a time, and a failed one retires it. */
class ReusedWriteTest {

    private final List<SendResult> told = new ArrayList<>();
    private final GrizzlyDirectWrites.ReusedWrite write = new GrizzlyDirectWrites.ReusedWrite();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] contents(GrizzlyDirectWrites.FrameBuffer buffer) {
        ByteBuffer view = buffer.toByteBuffer();
        byte[] out = new byte[view.remaining()];
        view.get(out);
        return out;
    }

    @Test
    void aBusyWriteRefusesASecondClaimUntilItCompletes() {
        assertTrue(write.claim(bytes("first frame"), told::add));
        assertTrue(write.busy());
        assertFalse(write.claim(bytes("overlapping pong"), told::add), "the overlapping write takes fresh objects");
        assertArrayEquals(bytes("first frame"), contents(write.buffer));

        write.completed(null);
        assertEquals(1, told.size());
        assertTrue(told.get(0).isOK());
        assertFalse(write.busy());

        assertTrue(write.claim(bytes("second"), told::add));
        assertEquals(6, write.buffer.remaining());
        assertArrayEquals(bytes("second"), contents(write.buffer), "the buffer points at the new bytes only");
    }

    @Test
    void theBufferStartsOverForEachWriteAfterGrizzlyMovedItsPosition() {
        assertTrue(write.claim(bytes("0123456789"), told::add));
        write.buffer.position(10); // what the queue does once it wrote everything
        assertFalse(write.buffer.hasRemaining());
        assertFalse(write.buffer.release(), "never disposed: the array belongs to the caller");
        write.completed(null);

        assertTrue(write.claim(bytes("abc"), told::add));
        assertEquals(0, write.buffer.position());
        assertEquals(3, write.buffer.limit());
        assertArrayEquals(bytes("abc"), contents(write.buffer));
    }

    @Test
    void theNextWriteMayStartInsideTheCompletion() {
        List<String> order = new ArrayList<>();
        assertTrue(write.claim(bytes("one"), r -> {
            order.add("one done");
            assertTrue(write.claim(bytes("two"), r2 -> order.add("two done")), "free before the handler runs");
        }));
        write.completed(null);
        assertArrayEquals(bytes("two"), contents(write.buffer));
        write.completed(null);
        assertEquals(List.of("one done", "two done"), order);
    }

    @Test
    void aFailedWriteIsToldOnceAndRetiresTheReusedObjects() {
        assertTrue(write.claim(bytes("frame"), told::add));
        write.failed(new IllegalStateException("broken pipe"));
        write.cancelled();
        write.completed(null);
        assertEquals(1, told.size(), "a late report reaches nobody");
        assertFalse(told.get(0).isOK());
        assertEquals("broken pipe", told.get(0).getException().getMessage());
        assertFalse(write.claim(bytes("later"), told::add), "later writes take fresh objects");
    }

    @Test
    void aCancelledWriteIsAFailure() {
        assertTrue(write.claim(bytes("frame"), told::add));
        write.cancelled();
        assertInstanceOf(CancellationException.class, told.get(0).getException());
        assertFalse(write.claim(bytes("later"), told::add));
    }
}
