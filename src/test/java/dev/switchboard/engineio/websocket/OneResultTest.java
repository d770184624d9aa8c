package dev.switchboard.engineio.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.SendResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

class OneResultTest {

    private final List<SendResult> told = new ArrayList<>();

    @Test
    void theFirstOutcomeIsToldAndLaterOnesAreDropped() {
        OneResult result = new OneResult(told::add);
        result.ok();
        result.failedWith(new IllegalStateException("late"));
        result.wasCancelled();
        assertEquals(1, told.size());
        assertTrue(told.get(0).isOK());
    }

    @Test
    void aFailureCarriesItsCauseAndACancellationIsAFailure() {
        new OneResult(told::add).failedWith(new IllegalStateException("broken pipe"));
        new OneResult(told::add).wasCancelled();
        assertFalse(told.get(0).isOK());
        assertEquals("broken pipe", told.get(0).getException().getMessage());
        assertFalse(told.get(1).isOK());
        assertInstanceOf(CancellationException.class, told.get(1).getException());
    }
}
