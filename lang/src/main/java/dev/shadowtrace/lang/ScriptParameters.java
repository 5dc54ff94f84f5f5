package dev.shadowtrace.lang;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What a script's {@code $1}..{@code $N}, {@code $#} and {@code $target} stand for: the words given
 * after the script on the command line (bpftrace's positional parameters) and the process id of the
 * trace's target (DTrace's {@code $target}), substituted as literals when the script is parsed.
 *
 * @param positional the words after the script; {@code $1} is the first
 * @param target     the pid {@code $target} stands for, if the trace has one
 * @param noTarget   what to do to have one: the hint of the error at a {@code $target} when there is none
 */
public record ScriptParameters(List<String> positional, OptionalLong target, String noTarget) {
    /** The command line's hint when there is no target. */
    public static final String NO_TARGET = "give the trace one on the command line, with -c CMD ($target is the"
            + " command's pid) or -p PID ($target is its first pid)";

    /** No positional parameters and no target. */
    public static final ScriptParameters NONE = new ScriptParameters(List.of(), OptionalLong.empty());

    public ScriptParameters {
        positional = List.copyOf(positional);
        Objects.requireNonNull(noTarget, "noTarget");
    }

    /** The command line's parameters: without a target, the error says to give -c or -p. */
    public ScriptParameters(List<String> positional, OptionalLong target) {
        this(positional, target, NO_TARGET);
    }

    /**
     * The integer a parameter stands for, if it is written as one (decimal with an optional sign,
     * or 0x hexadecimal); any other word is a string.
     */
    public static OptionalLong integer(String word) {
        try {
            if (word.matches("[+-]?[0-9]+")) {
                return OptionalLong.of(Long.parseLong(word));
            }
            if (word.matches("0[xX][0-9a-fA-F]{1,16}")) {
                return OptionalLong.of(Long.parseUnsignedLong(word.substring(2), 16));
            }
        } catch (NumberFormatException e) {
            // out of range: a string
        }
        return OptionalLong.empty();
    }
}
