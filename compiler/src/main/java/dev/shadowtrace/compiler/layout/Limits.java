package dev.shadowtrace.compiler.layout;

/**
 * Capacities of the maps the compiler declares.
 *
 * @param mapEntries      entries of each script map ({@code @name}); for histograms, buckets of all keys
 * @param threadEntries   threads that can hold {@code self->} variables at the same time
 * @param stackEntries    distinct kernel stacks {@code stack()} can record
 * @param ringBufferBytes size of the event ring buffer (a power of two, at least 4096)
 */
public record Limits(int mapEntries, int threadEntries, int stackEntries, int ringBufferBytes) {

    public static final Limits DEFAULTS = new Limits(10_240, 10_240, 4_096, 1 << 20);
}
