package dev.shadowtrace.lang.ast;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a stack value records and how it prints: bpftrace's {@code kstack(mode, limit)} and
 * {@code ustack(mode, limit)}, DTrace's {@code stack(nframes)} and {@code ustack(nframes)}. The plain
 * {@code kstack} and {@code stack()} are {@link #DEFAULT}, the plain {@code ustack} {@link #USER}. A
 * {@link Call} of {@link BuiltinFunction#STACK} carries its shape as integer literals, the mode's
 * ordinal, the limit and for a user stack a third, 1 ({@link #of(Call)}), or no arguments for the
 * default kernel stack.
 *
 * @param mode  how the tracer prints the frames
 * @param limit at most this many frames, innermost first; 0: as many as the kernel records ({@link #MAX_FRAMES})
 * @param user  the user-space stack of the current thread ({@code ustack}), not the kernel's
 */
public record StackShape(Mode mode, int limit, boolean user) {

    /** {@code PERF_MAX_STACK_DEPTH}, the kernel's default {@code perf_event_max_stack}: the deepest stack recorded. */
    public static final int MAX_FRAMES = 127;

    public static final StackShape DEFAULT = new StackShape(Mode.DEFAULT, 0);

    /** The plain {@code ustack}. */
    public static final StackShape USER = new StackShape(Mode.DEFAULT, 0, true);

    /** How the frames print. */
    public enum Mode {
        /** One {@code function+0xoffset} per line, indented (DTrace's {@code stack()}, bpftrace's default). */
        DEFAULT("bpftrace"),
        /** bpftrace's {@code perf}: a tab, the address in hex, a blank, {@code function+0xoffset}, as {@code perf script}. */
        PERF("perf"),
        /** bpftrace's {@code raw}: the address in hex only. */
        RAW("raw");

        private final String spelling;

        Mode(String spelling) {
            this.spelling = spelling;
        }

        public String spelling() {
            return spelling;
        }

        public static Optional<Mode> bySpelling(String word) {
            return Arrays.stream(values()).filter(m -> m.spelling.equals(word)).findFirst();
        }

        public static List<String> spellings() {
            return Arrays.stream(values()).map(Mode::spelling).toList();
        }
    }

    public StackShape {
        if (limit < 0 || limit > MAX_FRAMES) {
            throw new IllegalArgumentException("a stack's limit is 0 to " + MAX_FRAMES + ", not " + limit);
        }
    }

    /** A kernel stack's shape. */
    public StackShape(Mode mode, int limit) {
        this(mode, limit, false);
    }

    /** The number of frames recorded: the limit, or {@link #MAX_FRAMES} without one. */
    public int frames() {
        return limit == 0 ? MAX_FRAMES : limit;
    }

    /** The shape of a {@code stack()}/{@code kstack(...)}/{@code ustack(...)} call, as {@link dev.shadowtrace.lang} builds it. */
    public static StackShape of(Call call) {
        if (call.function() != BuiltinFunction.STACK) {
            throw new IllegalArgumentException(call.name() + "() is not a stack");
        }
        if (call.args().isEmpty()) {
            return DEFAULT;
        }
        int mode = (int) ((IntLiteral) call.args().get(0)).value();
        int limit = (int) ((IntLiteral) call.args().get(1)).value();
        boolean user = call.args().size() > 2 && ((IntLiteral) call.args().get(2)).value() != 0;
        return new StackShape(Mode.values()[mode], limit, user).normalized();
    }

    /** The same stack with a limit of {@link #MAX_FRAMES} written as 0, so equal shapes record alike. */
    public StackShape normalized() {
        return limit == MAX_FRAMES ? new StackShape(mode, 0, user) : this;
    }
}
