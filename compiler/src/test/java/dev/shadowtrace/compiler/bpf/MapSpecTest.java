package dev.shadowtrace.compiler.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MapSpecTest {

    @Test
    void acceptsWhatTheKernelAccepts() {
        new MapSpec("counts", MapType.HASH, 8, 8, 10240, MapSpec.NO_PREALLOC);
        new MapSpec("cfg.v1", MapType.ARRAY, 4, 64, 1, 0);
        new MapSpec("ctr", MapType.PERCPU_ARRAY, 4, 8, 1, 0);
        new MapSpec("stacks", MapType.STACK_TRACE, 4, 127 * 8, 1024, 0);
        new MapSpec("events", MapType.RINGBUF, 0, 0, 1 << 20, 0);
        assertEquals(27, MapType.RINGBUF.kernelId());
    }

    @Test
    void rejectsWhatTheKernelRejects() {
        assertThrows(IllegalArgumentException.class,
                () -> new MapSpec("sixteen_chars_xx", MapType.HASH, 8, 8, 1, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new MapSpec("@counts", MapType.HASH, 8, 8, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new MapSpec("a", MapType.HASH, 0, 8, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new MapSpec("a", MapType.ARRAY, 8, 8, 1, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new MapSpec("a", MapType.STACK_TRACE, 4, 12, 1, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new MapSpec("a", MapType.RINGBUF, 0, 0, 3 * 4096, 0));
        assertThrows(IllegalArgumentException.class, () -> new MapSpec("a", MapType.HASH, 8, 8, 0, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new MapSpec("a", MapType.ARRAY, 4, 8, 1, MapSpec.NO_PREALLOC));
    }
}
