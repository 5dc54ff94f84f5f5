package dev.shadowtrace.shell.interactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

class TickerTest {
    @Test
    void aTimerRunsEveryPeriodUntilCancelledAndShowsWhatItPrinted() throws Exception {
        List<String> shown = new CopyOnWriteArrayList<>();
        AtomicInteger runs = new AtomicInteger();
        try (Ticker ticker = new Ticker(shown::add)) {
            Ticker.Timers timers = new Ticker.Timers();
            ticker.every(20_000_000L, () -> "tick " + runs.incrementAndGet() + "\n", timers);
            Ticker.Timers quiet = new Ticker.Timers();
            ticker.every(20_000_000L, () -> "", quiet);
            Ticker.Timers failing = new Ticker.Timers();
            ticker.every(20_000_000L, () -> {
                throw new IllegalStateException("map gone");
            }, failing);
            long end = System.currentTimeMillis() + 5000;
            while (runs.get() < 3 && System.currentTimeMillis() < end) {
                Thread.sleep(10);
            }
            timers.cancel();
            failing.cancel();
            int after = runs.get();
            Thread.sleep(100);
            assertTrue(after >= 3, "ran " + after + " times");
            assertEquals(after, runs.get(), "a cancelled timer runs no more");
            assertTrue(shown.contains("tick 1\n") && shown.contains("tick 2\n"), shown.toString());
            assertTrue(shown.contains("shadowtrace: map gone\n"), "a failing run is shown, and the timer goes on");
            assertTrue(shown.stream().noneMatch(String::isEmpty), "nothing printed, nothing shown");
        }
    }
}
