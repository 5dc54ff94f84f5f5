package dev.shadowtrace.runtime.perf;

import com.sun.jna.Memory;

/**
 * A {@code struct perf_event_attr} of {@link #SIZE} bytes, filled field by field at the offsets of
 * {@code include/uapi/linux/perf_event.h}; the kernel zero-extends a smaller struct than its own.
 */
public final class PerfEventAttr implements AutoCloseable {
    /** {@code PERF_ATTR_SIZE_VER5}: everything up to aux_watermark; enough for the fields used here. */
    public static final int SIZE = 112;

    static final int TYPE = 0;
    static final int SIZE_FIELD = 4;
    static final int CONFIG = 8;
    static final int SAMPLE_PERIOD = 16;
    static final int SAMPLE_TYPE = 24;
    static final int FLAGS = 40;
    static final int WAKEUP_EVENTS = 48;
    static final int CONFIG1 = 56;
    static final int CONFIG2 = 64;

    /** Bits of the flags word. */
    public static final long DISABLED = 1L;
    public static final long INHERIT = 1L << 1;
    public static final long FREQ = 1L << 10;

    private final Memory memory = new Memory(SIZE);

    public PerfEventAttr(int type, long config) {
        memory.clear();
        memory.setInt(TYPE, type);
        memory.setInt(SIZE_FIELD, SIZE);
        memory.setLong(CONFIG, config);
    }

    public PerfEventAttr flags(long flags) {
        memory.setLong(FLAGS, flags);
        return this;
    }

    /** sample_period, or sample_freq with {@link #FREQ}. */
    public PerfEventAttr samplePeriod(long period) {
        memory.setLong(SAMPLE_PERIOD, period);
        return this;
    }

    public PerfEventAttr wakeupEvents(int n) {
        memory.setInt(WAKEUP_EVENTS, n);
        return this;
    }

    /** config1: for the uprobe PMU the path's address, which must stay valid until the open returns. */
    public PerfEventAttr config1(long value) {
        memory.setLong(CONFIG1, value);
        return this;
    }

    /** config2: for the uprobe PMU the probe's file offset. */
    public PerfEventAttr config2(long value) {
        memory.setLong(CONFIG2, value);
        return this;
    }

    Memory memory() {
        return memory;
    }

    @Override
    public void close() {
        memory.close();
    }
}
