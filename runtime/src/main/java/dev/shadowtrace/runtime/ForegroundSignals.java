package dev.shadowtrace.runtime;

import com.sun.jna.Memory;

/**
 * While a foreground command runs, the terminal's SIGINT (Ctrl-C) and SIGQUIT
 * reach it and this process alike. Like a shell waiting for a foreground job
 * (and like system(3)), this process ignores them meanwhile, so the command
 * decides what they mean and its exit status is still reported. Closing
 * restores the previous dispositions exactly.
 */
final class ForegroundSignals implements AutoCloseable {
    private static final int[] SIGNALS = {LibC.SIGINT, LibC.SIGQUIT};

    private final Memory saved = new Memory((long) LibC.SIGACTION_SIZE * SIGNALS.length);

    /** Ignores the signals from now on. Processes started before keep their own dispositions. */
    ForegroundSignals() {
        try (Memory ignore = new Memory(LibC.SIGACTION_SIZE)) {
            ignore.clear();
            ignore.setLong(0, LibC.SIG_IGN);
            for (int i = 0; i < SIGNALS.length; i++) {
                LibC.sigaction(SIGNALS[i], ignore, saved.share((long) i * LibC.SIGACTION_SIZE));
            }
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < SIGNALS.length; i++) {
            LibC.sigaction(SIGNALS[i], saved.share((long) i * LibC.SIGACTION_SIZE), null);
        }
        saved.close();
    }
}
