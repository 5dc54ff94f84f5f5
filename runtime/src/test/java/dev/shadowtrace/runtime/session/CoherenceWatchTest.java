package dev.shadowtrace.runtime.session;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CoherenceWatchTest {
    @Test
    void saysNothingWhileTheCounterStands() {
        assertEquals(Optional.empty(), new CoherenceWatch(2).lost(2));
    }

    @Test
    void warnsWhenTheCounterGrew() {
        assertEquals(Optional.of(CoherenceWatch.LOST), new CoherenceWatch(0).lost(1));
    }

    @Test
    void anUnreadableCounterIsNoWarning() {
        assertEquals(Optional.empty(), new CoherenceWatch(-1).lost(3));
        assertEquals(Optional.empty(), new CoherenceWatch(0).lost(-1));
    }
}
