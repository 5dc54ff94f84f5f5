package dev.shadowtrace.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The ATTACH batch as the module reads it, and its answers as the runtime reads them back. */
class ProbeBatchTest {
    private static final long VFS_READ = 0xffffffff8133c9e0L;

    @Test
    void everyProbeIsEncodedAtItsOffsetsWithOutputsAndReservedZero() throws Exception {
        List<ProbeRequest> requests = List.of(
                new ProbeRequest(ProbeRequest.Kind.ENTRY, VFS_READ, 7, "vfs_read"),
                new ProbeRequest(ProbeRequest.Kind.RETURN, VFS_READ, 8, true, "vfs_read"),
                new ProbeRequest(ProbeRequest.Kind.OFFSET, VFS_READ + 0x1c, 9, "vfs_read+0x1c"));
        try (ProbeBatch batch = new ProbeBatch(requests)) {
            Pointer a = batch.array();
            assertEquals(3, batch.count());
            for (int i = 0; i < 3; i++) {
                long at = (long) i * ShadowkAbi.PROBE_SIZE;
                ProbeRequest r = requests.get(i);
                assertEquals(r.address(), a.getLong(at + ShadowkAbi.PROBE_OFF_ADDR));
                assertEquals(r.kind().code(), a.getInt(at + ShadowkAbi.PROBE_OFF_KIND));
                assertEquals(r.union() ? ShadowkAbi.PROBE_UNION : 0, a.getInt(at + ShadowkAbi.PROBE_OFF_FLAGS));
                assertEquals(7 + i, a.getInt(at + ShadowkAbi.PROBE_OFF_PROG_FD));
                assertEquals(0, a.getInt(at + ShadowkAbi.PROBE_OFF_ERROR));
                assertEquals(0, a.getLong(at + ShadowkAbi.PROBE_OFF_ID));
                assertEquals(0, a.getLong(at + ShadowkAbi.PROBE_OFF_SITE));
                assertEquals(0, a.getLong(at + ShadowkAbi.PROBE_SIZE - 8), "__reserved");
            }
            assertEquals(ShadowkAbi.PROBE_ENTRY, a.getInt(ShadowkAbi.PROBE_OFF_KIND));
            assertEquals(ShadowkAbi.PROBE_OFFSET, a.getInt(2L * ShadowkAbi.PROBE_SIZE + ShadowkAbi.PROBE_OFF_KIND));

            try (Memory attach = new Memory(ShadowkAbi.ATTACH_SIZE)) {
                attach.setLong(ShadowkAbi.ATTACH_SIZE - 8, -1L); // garbage that fill() must clear
                batch.fill(attach, true);
                assertEquals(Pointer.nativeValue(a), attach.getLong(ShadowkAbi.ATTACH_OFF_PROBES));
                assertEquals(3, attach.getInt(ShadowkAbi.ATTACH_OFF_COUNT));
                assertEquals(ShadowkAbi.ATTACH_BEST_EFFORT, attach.getInt(ShadowkAbi.ATTACH_OFF_FLAGS));
                assertEquals(0, attach.getInt(ShadowkAbi.ATTACH_OFF_ATTACHED));
                assertEquals(0, attach.getInt(ShadowkAbi.ATTACH_SIZE - 4), "__reserved");
                batch.fill(attach, false);
                assertEquals(0, attach.getInt(ShadowkAbi.ATTACH_OFF_FLAGS));
            }
        }
    }

    @Test
    void resultsCarryIdsSitesAndPositiveErrnos() throws Exception {
        List<ProbeRequest> requests = List.of(
                new ProbeRequest(ProbeRequest.Kind.ENTRY, VFS_READ, 3, "vfs_read"),
                new ProbeRequest(ProbeRequest.Kind.ENTRY, 0xffffffff81000000L, 3, "noinline_notrace"));
        try (ProbeBatch batch = new ProbeBatch(requests)) {
            Pointer a = batch.array();
            a.setLong(ShadowkAbi.PROBE_OFF_ID, 1);
            a.setLong(ShadowkAbi.PROBE_OFF_SITE, VFS_READ + 4);
            a.setInt(ShadowkAbi.PROBE_SIZE + ShadowkAbi.PROBE_OFF_ERROR, -Errno.ENOENT);
            List<ProbeResult> results = batch.results();
            assertTrue(results.get(0).attached());
            assertEquals(1, results.get(0).id());
            assertEquals(VFS_READ + 4, results.get(0).site());
            assertFalse(results.get(1).attached());
            assertTrue(results.get(1).refused());
            assertFalse(results.get(0).refused());
            assertEquals(Errno.ENOENT, results.get(1).errno());
            ShadowkException e = results.get(1).error();
            assertEquals("entry probe on noinline_notrace: has no ftrace site (notrace or inlined): probe a caller",
                    e.getMessage());
            assertTrue(e.refusal());
            assertThrows(IllegalStateException.class, () -> results.get(0).error());
            a.setLong(ShadowkAbi.PROBE_OFF_ID, 0);
            assertFalse(batch.results().get(0).attached(), "no id: not attached (an all-or-nothing batch failed)");
            assertFalse(batch.results().get(0).refused());
        }
    }

    @Test
    void aBatchHoldsAtMostWhatAShadowMayHave() {
        List<ProbeRequest> tooMany = new ArrayList<>(Collections.nCopies(ShadowkAbi.ATTACH_MAX + 1,
                new ProbeRequest(ProbeRequest.Kind.ENTRY, VFS_READ, 3, null)));
        ShadowkException e = assertThrows(ShadowkException.class, () -> new ProbeBatch(tooMany));
        assertEquals("attaching 131073 probes: more than one shadow may have (131072); narrow the probe globs",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ProbeBatch(List.of()));
    }

    @Test
    void aProbeNeedsAProgram() {
        assertThrows(IllegalArgumentException.class,
                () -> new ProbeRequest(ProbeRequest.Kind.ENTRY, VFS_READ, -1, "vfs_read"));
    }

    @Test
    void subjectsNameTheKindAndThePlace() {
        assertEquals("return probe on vfs_read",
                new ProbeRequest(ProbeRequest.Kind.RETURN, VFS_READ, 3, "vfs_read").subject());
        assertEquals("offset probe at tcp_v4_rcv+0x1c",
                new ProbeRequest(ProbeRequest.Kind.OFFSET, VFS_READ, 3, "tcp_v4_rcv+0x1c").subject());
        assertEquals("entry probe on 0xffffffff8133c9e0",
                new ProbeRequest(ProbeRequest.Kind.ENTRY, VFS_READ, 3, null).subject());
        assertEquals(ProbeRequest.Kind.RETURN, ProbeRequest.Kind.of(ShadowkAbi.PROBE_RETURN));
        assertEquals(null, ProbeRequest.Kind.of(99));
    }

    @Test
    void probeStatsAreReadAtTheirOffsets() {
        try (Memory m = new Memory(2L * ShadowkAbi.PROBE_STATS_SIZE)) {
            m.clear();
            long at = ShadowkAbi.PROBE_STATS_SIZE;
            m.setLong(at + ShadowkAbi.PROBE_STATS_OFF_ID, 5);
            m.setLong(at + ShadowkAbi.PROBE_STATS_OFF_ADDR, VFS_READ);
            m.setLong(at + ShadowkAbi.PROBE_STATS_OFF_SITE, VFS_READ + 4);
            m.setInt(at + ShadowkAbi.PROBE_STATS_OFF_KIND, ShadowkAbi.PROBE_RETURN);
            m.setInt(at + ShadowkAbi.PROBE_STATS_OFF_FLAGS, ShadowkAbi.PROBE_UNION);
            m.setLong(at + ShadowkAbi.PROBE_STATS_OFF_HITS, 1000);
            m.setLong(at + ShadowkAbi.PROBE_STATS_OFF_UNION_HITS, 2);
            m.setLong(at + ShadowkAbi.PROBE_STATS_OFF_SKIPPED, 3);
            m.setLong(at + ShadowkAbi.PROBE_STATS_OFF_RECURSION, 4);
            m.setLong(at + ShadowkAbi.PROBE_STATS_OFF_MISSED, -1L);
            assertEquals(new ProbeStats(5, VFS_READ, VFS_READ + 4, ProbeRequest.Kind.RETURN, ShadowkAbi.PROBE_UNION,
                    1000, 2, 3, 4, -1L), ProbeStats.read(m, at));
        }
    }
}
