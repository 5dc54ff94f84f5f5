package dev.shadowtrace.compiler.codegen;

/**
 * The 512-byte BPF stack of one program. Buffers (clause-locals, keys, values, strings, events) are
 * allocated downwards from the frame pointer, temporaries in last-in first-out scopes; the value
 * stack's spill slots grow upwards from the bottom. The two must not meet.
 */
final class StackFrame {
    /** {@code MAX_BPF_STACK}. */
    static final int SIZE = 512;

    private int used;
    private int maxUsed;
    private int maxSpills;

    /** A buffer of {@code bytes} (rounded up to 8); returns its offset from r10, negative. */
    int alloc(int bytes) {
        used += (bytes + 7) / 8 * 8;
        maxUsed = Math.max(maxUsed, used);
        return -used;
    }

    /** The current allocation, to {@link #release} everything allocated after it. */
    int mark() {
        return used;
    }

    void release(int mark) {
        used = mark;
    }

    /** The offset of spill slot {@code index} (0, 1, ...) from r10. */
    int spillSlot(int index) {
        maxSpills = Math.max(maxSpills, index + 1);
        return -SIZE + 8 * index;
    }

    /** The bytes of stack the program needs at most. */
    int bytesNeeded() {
        return maxUsed + 8 * maxSpills;
    }
}
