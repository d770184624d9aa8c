package dev.switchboard.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.fuzz.FrameCorpus.Category;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The corpus is deterministic, complete and sized as the fuzz test needs. One instance: the corpus is built once. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FrameCorpusTest {

    private final List<FuzzFrame> corpus = FrameCorpus.generate(FrameCorpus.DEFAULT_SEED);

    @Test
    void sameSeedGivesTheSameCorpus() {
        List<FuzzFrame> again = FrameCorpus.generate(FrameCorpus.DEFAULT_SEED);
        assertEquals(corpus.size(), again.size());
        assertEquals(FrameCorpus.fingerprint(corpus), FrameCorpus.fingerprint(again));
        for (int i = 0; i < corpus.size(); i += 997) {
            assertEquals(corpus.get(i).describe(), again.get(i).describe());
            assertArrayEquals(corpus.get(i).pollingBody(), again.get(i).pollingBody());
        }
    }

    @Test
    void anotherSeedGivesAnotherCorpus() {
        assertNotEquals(FrameCorpus.fingerprint(corpus),
                FrameCorpus.fingerprint(FrameCorpus.generate(FrameCorpus.DEFAULT_SEED + 1)));
    }

    @Test
    void everyCategoryIsPresentAndThereAreAtLeastTenThousandEntries() {
        assertTrue(corpus.size() >= 10_000, "only " + corpus.size() + " entries");
        Map<Category, Integer> counts = new EnumMap<>(Category.class);
        for (FuzzFrame f : corpus) {
            counts.merge(f.category(), 1, Integer::sum);
        }
        for (Category c : Category.values()) {
            assertEquals(c.count(), counts.getOrDefault(c, 0), c.name());
        }
    }

    @Test
    void entriesKnowTheirIndexAndCarrySomething() {
        for (int i = 0; i < corpus.size(); i++) {
            FuzzFrame f = corpus.get(i);
            assertEquals(i, f.index());
            assertFalse(f.messages().isEmpty(), f.describe());
        }
    }

    @Test
    void oversizedEntriesStraddleMaxPayloadAndTheRestStaysSmall() {
        long total = 0;
        int over = 0;
        for (FuzzFrame f : corpus) {
            total += f.pollingBody().length;
            if (f.category() == Category.OVERSIZED) {
                over += f.hasMessageOver(FrameCorpus.MAX_PAYLOAD) ? 1 : 0;
            } else {
                assertTrue(f.pollingBody().length < FrameCorpus.MAX_PAYLOAD / 4, f.describe());
                assertFalse(f.hasMessageOver(FrameCorpus.MAX_PAYLOAD / 4), f.describe());
            }
        }
        assertTrue(over > 0 && over < Category.OVERSIZED.count(), "some oversized entries are over the limit, not all");
        assertTrue(total < 64_000_000, "the whole corpus stays under 64 MB: " + total);
    }
}
