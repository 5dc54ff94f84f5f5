package dev.shadowtrace.shell.interactive;

import dev.shadowtrace.runtime.bpf.BpfRingBuffer;

import java.io.IOException;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A thread that hands the session's event records (printf(), trace(), print() in clauses) to the
 * output side as they come, and what they print to {@code show}, while the prompt waits for
 * input. The ring buffer exists once a clause sends events; until then the thread just looks
 * again. {@link #close} stops it and waits for it, before the ring buffer may be unmapped.
 */
final class EventPump implements AutoCloseable {
    private static final int WAIT_MILLIS = 200;

    private final Supplier<Optional<BpfRingBuffer>> events;
    private final MapOutput output;
    private final Consumer<String> show;
    private final Thread thread;
    private volatile boolean running = true;

    EventPump(Supplier<Optional<BpfRingBuffer>> events, MapOutput output, Consumer<String> show) {
        this.events = events;
        this.output = output;
        this.show = show;
        this.thread = new Thread(this::loop, "shadowtrace-events");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            try {
                Optional<BpfRingBuffer> ring = events.get();
                if (ring.isEmpty()) {
                    Thread.sleep(WAIT_MILLIS);
                    continue;
                }
                ring.get().poll(WAIT_MILLIS, record -> {
                    try {
                        String text = output.onEvent(record);
                        if (!text.isEmpty()) {
                            show.accept(text);
                        }
                    } catch (IOException | RuntimeException e) {
                        show.accept("shadowtrace: " + e.getMessage() + "\n");
                    }
                    return running;
                });
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                show.accept("shadowtrace: events: " + e.getMessage() + "\n");
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
