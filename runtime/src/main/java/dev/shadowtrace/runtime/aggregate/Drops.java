package dev.shadowtrace.runtime.aggregate;

/**
 * What the kernel programs could not store, counted by them in the {@code drops} map
 * ({@code DataPlan.DROPS}), summed over CPUs.
 *
 * @param lostRecords   event records (printf, trace, printa and exit requests from probes) lost
 *                      because the ring buffer was full
 * @param failedUpdates map updates that failed, almost always because the map was full: the
 *                      values they carried are missing from aggregations, maps or {@code self->}
 */
public record Drops(long lostRecords, long failedUpdates) {
    public static final Drops NONE = new Drops(0, 0);

    public boolean any() {
        return lostRecords != 0 || failedUpdates != 0;
    }
}
