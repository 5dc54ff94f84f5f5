package dev.shadowtrace.shell.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowtrace.lang.ast.ProbeDescription;
import dev.shadowtrace.lang.ast.ProbeKind;
import dev.shadowtrace.lang.diag.SourcePos;
import dev.shadowtrace.runtime.Wakeup;
import dev.shadowtrace.runtime.session.TraceSession;
import dev.shadowtrace.runtime.session.TraceTarget;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.IntFunction;

/** The loop's ways to end, with stand-ins for the output side and the target. */
@Timeout(30)
class TraceLoopTest {
    private Wakeup wakeup;
    private StopSignals signals;

    @BeforeEach
    void setUp() throws IOException {
        wakeup = Wakeup.create();
        signals = new StopSignals(wakeup);
    }

    @AfterEach
    void tearDown() {
        signals.close();
        wakeup.close();
    }

    /** A target whose exit is a wakeup another thread signals. */
    private static final class FakeTarget implements TraceTarget {
        final Wakeup exit = create();
        volatile boolean exited;

        private static Wakeup create() {
            try {
                return Wakeup.create();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }

        void exitNow() {
            exited = true;
            exit.signal();
        }

        @Override
        public void start(TraceSession session) {
        }

        @Override
        public int exitFd() {
            return exit.fd();
        }

        @Override
        public boolean exited() {
            return exited;
        }

        @Override
        public void close() {
            exit.close();
        }
    }

    /** An output with timers whose clauses answer {@code onTimer(n)} on their n-th run. */
    private static final class FakeOutput implements TraceOutput {
        final List<ProbeDescription> timers;
        final IntFunction<OptionalInt> onTimer;
        final List<String> fired = new ArrayList<>();
        final List<Long> snapshots = java.util.Collections.synchronizedList(new ArrayList<>());

        FakeOutput(List<ProbeDescription> timers, IntFunction<OptionalInt> onTimer) {
            this.timers = timers;
            this.onTimer = onTimer;
        }

        @Override
        public OptionalInt begin() {
            return OptionalInt.empty();
        }

        @Override
        public OptionalInt onEvent(ByteBuffer record) {
            throw new AssertionError("no events here");
        }

        @Override
        public List<ProbeDescription> timers() {
            return timers;
        }

        @Override
        public OptionalInt timer(ProbeDescription timer) {
            fired.add(timer.name());
            return onTimer.apply(fired.size());
        }

        @Override
        public void snapshot() {
            snapshots.add(System.nanoTime());
        }

        @Override
        public void end() {
        }

        @Override
        public OptionalInt exitStatus() {
            return OptionalInt.empty();
        }
    }

    private static ProbeDescription tick(long millis) {
        SourcePos pos = new SourcePos(1, 1);
        String name = "tick-" + millis + "ms";
        return new ProbeDescription("profile", "", "", name, ProbeKind.TIMER, 0, millis * 1_000_000, name, pos, pos);
    }

    private TraceLoop.End run(FakeOutput output, FakeTarget target) throws IOException {
        return new TraceLoop(Optional.empty(), output, target, signals, wakeup).run();
    }

    private static void later(long millis, Runnable r) {
        new Thread(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                return;
            }
            r.run();
        }).start();
    }

    @Test
    void endsWhenTheTargetExits() throws Exception {
        try (FakeTarget target = new FakeTarget()) {
            later(100, target::exitNow);
            assertEquals(new TraceLoop.End(TraceLoop.Why.TARGET_EXITED, 0),
                    run(new FakeOutput(List.of(), n -> OptionalInt.empty()), target));
        }
    }

    @Test
    void aTargetThatIsAlreadyGoneEndsItAtOnce() throws Exception {
        try (FakeTarget target = new FakeTarget()) {
            target.exited = true;
            assertEquals(TraceLoop.Why.TARGET_EXITED, run(new FakeOutput(List.of(), n -> OptionalInt.empty()), target).why());
        }
    }

    @Test
    void endsOnASignalWithoutWaitingForATimeout() throws Exception {
        try (FakeTarget target = new FakeTarget()) {
            later(100, () -> signals.stop("SIGINT"));
            long start = System.nanoTime();
            assertEquals(TraceLoop.Why.SIGNAL, run(new FakeOutput(List.of(), n -> OptionalInt.empty()), target).why());
            assertTrue(System.nanoTime() - start < TraceLoop.RECHECK_NANOS, "woken, not timed out");
        }
    }

    @Test
    void timersFireEveryPeriodUntilTheirClauseExits() throws Exception {
        FakeOutput output = new FakeOutput(List.of(tick(50), tick(20)),
                n -> n == 7 ? OptionalInt.of(3) : OptionalInt.empty());
        try (FakeTarget target = new FakeTarget()) {
            long start = System.nanoTime();
            assertEquals(new TraceLoop.End(TraceLoop.Why.EXIT_ACTION, 3), run(output, target));
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(7, output.fired.size());
            assertTrue(output.fired.stream().filter("tick-20ms"::equals).count() >= 4, output.fired.toString());
            assertTrue(elapsedMillis >= 100, "seven firings of 20 and 50 ms timers take at least 100 ms: " + elapsedMillis);
        }
    }

    @Test
    void snapshotsComeEveryIntervalWhileTheTraceRuns() throws Exception {
        FakeOutput output = new FakeOutput(List.of(), n -> OptionalInt.empty());
        try (FakeTarget target = new FakeTarget()) {
            long start = System.nanoTime();
            // The target exits once three snapshots came (or after 10 s, which fails below): a loaded
            // machine delays snapshots, so a fixed exit time would count them wrongly.
            new Thread(() -> {
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (output.snapshots.size() < 3 && System.nanoTime() < deadline) {
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                target.exitNow();
            }).start();
            assertEquals(TraceLoop.Why.TARGET_EXITED, new TraceLoop(Optional.empty(), output, target, signals, wakeup,
                    System::nanoTime, 100_000_000L).run().why());
            assertTrue(output.snapshots.size() >= 3, "at 100, 200 and 300 ms (later if the machine is slow): "
                    + output.snapshots.size());
            for (int i = 0; i < output.snapshots.size(); i++) {
                long at = (output.snapshots.get(i) - start) / 1_000_000;
                assertTrue(at >= 100 * (i + 1), "snapshot " + (i + 1) + " at " + at + " ms");
            }
        }
    }
}
