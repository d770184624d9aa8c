package dev.switchboard.engineio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EngineConfigTest {

    @Test
    void writerThreadsLeaveOneCoreToTheThreadsThatReadButAreNeverNone() {
        assertEquals(1, EngineConfig.defaultWriteThreads(1));
        assertEquals(1, EngineConfig.defaultWriteThreads(2));
        assertEquals(3, EngineConfig.defaultWriteThreads(4));
        assertEquals(15, EngineConfig.defaultWriteThreads(16));
    }
}
