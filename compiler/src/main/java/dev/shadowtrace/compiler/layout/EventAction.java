package dev.shadowtrace.compiler.layout;

/** What the runtime does with an event record a probe program emitted. */
public enum EventAction {
    /** Print the payload with the format. */
    PRINTF,
    /** Print the payload's one value. */
    TRACE,
    /**
     * tracemem(): print a hex dump of the buffer {@code arg1}, of at most {@code arg2} bytes (the constant n),
     * and of at most {@code arg3} (the size argument, or n) when that is not negative.
     */
    TRACEMEM,
    /** Print the aggregation now, with the format if there is one. */
    PRINTA,
    /** Print the map now. */
    PRINT,
    /** Zero the map's values. */
    CLEAR,
    /** Keep the top {@code count} entries of the aggregation; without a count, remove all. */
    TRUNC,
    /** Stop tracing with the payload's status. */
    EXIT
}
