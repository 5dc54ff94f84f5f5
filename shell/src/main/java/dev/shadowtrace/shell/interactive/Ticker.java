package dev.shadowtrace.shell.interactive;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The shell's timer clauses ({@code tick-1s}, {@code interval:s:5}): each runs in the tracer every
 * period from when it was typed until {@code remove N} or the end of the session, on one thread of
 * their own (so one at a time, never beside another), and what it prints goes to {@code show}
 * (above the line being edited). A run that takes longer than its period delays the next; missed
 * runs are not made up.
 */
final class Ticker implements AutoCloseable {
    /** What a timer does each period; returns the text to show. */
    interface Tick {
        String run() throws Exception;
    }

    /** The timers of one input, cancelled together. */
    static final class Timers {
        private final List<ScheduledFuture<?>> futures = new ArrayList<>();

        void cancel() {
            futures.forEach(f -> f.cancel(false));
        }
    }

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "shadowtrace-ticks");
        t.setDaemon(true);
        return t;
    });
    private final Consumer<String> show;

    Ticker(Consumer<String> show) {
        this.show = show;
    }

    /** Runs {@code tick} every {@code periodNanos}, the first time a period from now, as part of {@code timers}. */
    void every(long periodNanos, Tick tick, Timers timers) {
        timers.futures.add(executor.scheduleWithFixedDelay(() -> {
            try {
                String text = tick.run();
                if (!text.isEmpty()) {
                    show.accept(text);
                }
            } catch (Exception e) { // a failing run must not cancel the timer silently
                show.accept("shadowtrace: " + e.getMessage() + "\n");
            }
        }, periodNanos, periodNanos, TimeUnit.NANOSECONDS));
    }

    /** Stops every timer and waits for a run in progress: after this no clause runs on the ticker. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
