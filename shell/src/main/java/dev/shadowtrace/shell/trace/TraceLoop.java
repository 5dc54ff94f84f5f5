package dev.shadowtrace.shell.trace;

import dev.shadowtrace.lang.ast.ProbeDescription;
import dev.shadowtrace.runtime.Epoll;
import dev.shadowtrace.runtime.Wakeup;
import dev.shadowtrace.runtime.bpf.BpfRingBuffer;
import dev.shadowtrace.runtime.session.TraceTarget;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.LongSupplier;

/**
 * The running part of a trace: hands every event record to the output side as it arrives, runs
 * the timer clauses when they are due, and ends when a signal asks to (SIGINT, SIGTERM), when the
 * target exits, or when the script calls {@code exit()}. One thread waits in epoll on the ring
 * buffer, the target's exit and a wakeup that the signal handlers poke, so nothing waits for a
 * poll interval; the wait is cut short for the next timer or {@code --interval} snapshot, and lasts
 * at most a second, to re-check a target whose exit the kernel cannot signal.
 */
final class TraceLoop {
    /** Why a trace ended. */
    enum Why { SIGNAL, TARGET_EXITED, EXIT_ACTION }

    /** How a trace ended, and with {@link Why#EXIT_ACTION} the status {@code exit()} gave. */
    record End(Why why, int status) {}

    static final long RECHECK_NANOS = 1_000_000_000L;

    private static final int EVENTS = 1;
    private static final int TARGET = 2;
    private static final int WAKEUP = 3;

    private final Optional<BpfRingBuffer> events;
    private final TraceOutput output;
    private final TraceTarget target;
    private final StopSignals signals;
    private final Wakeup wakeup;
    private final LongSupplier clock;
    private final long intervalNanos;
    private OptionalInt exit = OptionalInt.empty();

    /** A timer and when it is due next, in {@code clock} nanoseconds. */
    private static final class Timer {
        final ProbeDescription probe;
        long due;

        Timer(ProbeDescription probe, long now) {
            this.probe = probe;
            this.due = now + probe.periodNanos();
        }
    }

    TraceLoop(Optional<BpfRingBuffer> events, TraceOutput output, TraceTarget target, StopSignals signals,
            Wakeup wakeup) {
        this(events, output, target, signals, wakeup, System::nanoTime, 0);
    }

    TraceLoop(Optional<BpfRingBuffer> events, TraceOutput output, TraceTarget target, StopSignals signals,
            Wakeup wakeup, LongSupplier clock) {
        this(events, output, target, signals, wakeup, clock, 0);
    }

    /** @param intervalNanos {@code --interval}: a {@link TraceOutput#snapshot()} this often, or 0 for none */
    TraceLoop(Optional<BpfRingBuffer> events, TraceOutput output, TraceTarget target, StopSignals signals,
            Wakeup wakeup, LongSupplier clock, long intervalNanos) {
        this.intervalNanos = intervalNanos;
        this.events = events;
        this.output = output;
        this.target = target;
        this.signals = signals;
        this.wakeup = wakeup;
        this.clock = clock;
    }

    End run() throws IOException {
        try (Epoll epoll = Epoll.create()) {
            epoll.add(wakeup.fd(), WAKEUP);
            if (events.isPresent()) {
                epoll.add(events.get().fd(), EVENTS);
            }
            if (target.exitFd() >= 0) {
                epoll.add(target.exitFd(), TARGET);
            }
            long start = clock.getAsLong();
            List<Timer> timers = output.timers().stream().map(t -> new Timer(t, start)).toList();
            long snapshotDue = start + intervalNanos;
            boolean exited = target.exited();
            while (true) {
                drain();
                fireDue(timers);
                long now = intervalNanos > 0 && exit.isEmpty() ? clock.getAsLong() : 0;
                if (intervalNanos > 0 && exit.isEmpty() && now - snapshotDue >= 0) {
                    output.snapshot();
                    snapshotDue = nextDue(snapshotDue, intervalNanos, now);
                }
                if (exit.isPresent()) {
                    return new End(Why.EXIT_ACTION, exit.getAsInt());
                }
                if (signals.received()) {
                    return new End(Why.SIGNAL, 0);
                }
                if (exited) {
                    // Records committed before the exit are in the buffer: drained above.
                    return new End(Why.TARGET_EXITED, 0);
                }
                int[] ready = epoll.await(waitMillis(timers, intervalNanos > 0 ? snapshotDue : Long.MAX_VALUE));
                for (int token : ready) {
                    if (token == WAKEUP) {
                        wakeup.drain();
                    } else if (token == TARGET) {
                        exited = target.exited(); // several processes: one of them exited
                    }
                }
                if (ready.length == 0) {
                    exited = target.exited();
                }
            }
        }
    }

    /** Until the next timer is due (at least 1 ms: epoll counts milliseconds), at most RECHECK_NANOS. */
    private int waitMillis(List<Timer> timers, long snapshotDue) {
        long now = clock.getAsLong();
        long wait = snapshotDue == Long.MAX_VALUE ? RECHECK_NANOS : Math.min(RECHECK_NANOS, snapshotDue - now);
        for (Timer t : timers) {
            wait = Math.min(wait, t.due - now);
        }
        return (int) Math.max(1, (wait + 999_999) / 1_000_000);
    }

    /**
     * Runs the clauses of every timer that is due, once each, and schedules it a period later; a
     * timer that fell more than a period behind (a slow clause) skips the missed firings.
     */
    private void fireDue(List<Timer> timers) throws IOException {
        for (Timer t : timers) {
            long now = clock.getAsLong();
            if (exit.isPresent() || now - t.due < 0) {
                continue;
            }
            exit = output.timer(t.probe);
            t.due = nextDue(t.due, t.probe.periodNanos(), now);
        }
    }

    /** A period after {@code due}; a period after {@code now} if that is already past (a slow clause or snapshot). */
    private static long nextDue(long due, long period, long now) {
        long next = due + period;
        return now - next >= 0 ? now + period : next;
    }

    /** Hands over every record there is, up to and including an {@code exit()}. */
    private void drain() throws IOException {
        if (events.isEmpty() || exit.isPresent()) {
            return;
        }
        try {
            events.get().poll(record -> {
                try {
                    exit = output.onEvent(record);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return exit.isEmpty();
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
