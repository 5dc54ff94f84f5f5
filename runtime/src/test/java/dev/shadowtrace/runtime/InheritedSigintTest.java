package dev.shadowtrace.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Memory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InheritedSigintTest {
    private final Memory original = new Memory(LibC.SIGACTION_SIZE);

    @BeforeEach
    void save() {
        LibC.sigaction(LibC.SIGINT, null, original);
    }

    @AfterEach
    void restore() {
        LibC.sigaction(LibC.SIGINT, original, null);
        original.close();
    }

    private static long handler() {
        try (Memory now = new Memory(LibC.SIGACTION_SIZE)) {
            LibC.sigaction(LibC.SIGINT, null, now);
            return now.getLong(0);
        }
    }

    private static void ignore() {
        try (Memory ign = new Memory(LibC.SIGACTION_SIZE)) {
            ign.clear();
            ign.setLong(0, LibC.SIG_IGN);
            LibC.sigaction(LibC.SIGINT, ign, null);
        }
    }

    @Test
    void anIgnoredSigintIsDefaultWhileOpenAndIgnoredAgainAfter() {
        ignore();
        try (InheritedSigint sigint = InheritedSigint.unignore()) {
            assertTrue(sigint.wasIgnored());
            assertEquals(0, handler(), "SIG_DFL while open");
        }
        assertEquals(LibC.SIG_IGN, handler(), "ignored again after close");
    }

    private static void setDefault() {
        try (Memory dfl = new Memory(LibC.SIGACTION_SIZE)) {
            dfl.clear();
            LibC.sigaction(LibC.SIGINT, dfl, null);
        }
    }

    @Test
    void aHandledSigintIsLeftAlone() {
        // The JVM installs its own handler only when SIGINT was not ignored at its start (Maven run
        // as a background job of a script inherits it ignored): set a known, not-ignored state.
        if (handler() == LibC.SIG_IGN) {
            setDefault();
        }
        long before = handler();
        assertTrue(before != LibC.SIG_IGN);
        try (InheritedSigint sigint = InheritedSigint.unignore()) {
            assertFalse(sigint.wasIgnored());
            assertEquals(before, handler());
        }
        assertEquals(before, handler());
    }
}
