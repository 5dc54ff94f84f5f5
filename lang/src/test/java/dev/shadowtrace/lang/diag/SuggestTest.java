package dev.shadowtrace.lang.diag;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SuggestTest {

    private static final List<String> KERNEL = List.of(
            "vfs_read", "vfs_write", "vfs_readv", "vfs_open", "do_sys_open", "tcp_sendmsg", "tcp_recvmsg");

    @Test
    void editDistance() {
        assertEquals(0, Suggest.distance("vfs_read", "vfs_read"));
        assertEquals(1, Suggest.distance("vfs_reed", "vfs_read"));   // substitution
        assertEquals(1, Suggest.distance("vfs_rad", "vfs_read"));    // insertion
        assertEquals(1, Suggest.distance("vfs_reaad", "vfs_read"));  // deletion
        assertEquals(1, Suggest.distance("vfs_raed", "vfs_read"));   // adjacent swap
        assertEquals(3, Suggest.distance("", "abc"));
        assertEquals(1, Suggest.distance("exename", "execname"));
    }

    @Test
    void closestCandidatesBestFirst() {
        assertEquals(List.of("vfs_read", "vfs_readv"), Suggest.closest("vfs_reed", KERNEL));
        assertEquals(List.of("tcp_sendmsg"), Suggest.closest("tcp_sendmgs", KERNEL));
        assertEquals(List.of(), Suggest.closest("schedule", KERNEL));
    }

    @Test
    void theNameItselfIsNotSuggested() {
        assertEquals(List.of("vfs_readv"), Suggest.closest("vfs_read", KERNEL));
    }

    @Test
    void caseDifferencesRankFirst() {
        assertEquals(List.of("BEGIN", "BEGUN"), Suggest.closest("begin", List.of("BEGUN", "BEGIN")));
    }

    @Test
    void thresholdGrowsWithTheNameLength() {
        assertEquals(1, Suggest.threshold("pd"));
        assertEquals(2, Suggest.threshold("exename"));
        assertEquals(3, Suggest.threshold("a_very_long_function_name"));
        assertEquals(List.of("pid"), Suggest.closest("pd", List.of("pid", "tid", "cpu")));
        assertEquals(List.of(), Suggest.closest("xy", List.of("pid")));
    }

    @Test
    void atMostThreeSuggestions() {
        List<String> many = IntStream.range(0, 10).mapToObj(i -> "func" + i).toList();
        assertEquals(List.of("func0", "func1", "func2"), Suggest.closest("funcx", many));
    }

    @Test
    void didYouMeanSentences() {
        assertEquals(Optional.of("did you mean 'vfs_read'?"), Suggest.didYouMean("vfs_reed", List.of("vfs_read")));
        assertEquals(Optional.of("did you mean 'vfs_read' or 'vfs_readv'?"), Suggest.didYouMean("vfs_reed", KERNEL));
        assertEquals(Optional.of("did you mean 'a1', 'a2' or 'a3'?"), Suggest.didYouMean("a0", List.of("a1", "a2", "a3")));
        assertEquals(Optional.of("did you mean '@calls'?"), Suggest.didYouMean("cals", List.of("calls"), "@"));
        assertTrue(Suggest.didYouMean("schedule", KERNEL).isEmpty());
    }

    @Test
    void manyCandidatesAreFast() {
        List<String> symbols = IntStream.range(0, 200_000).mapToObj(i -> "ksym_" + i + "_x").toList();
        // This thread's CPU time, not the wall clock: a loaded machine must not fail the test.
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long start = cpu.getCurrentThreadCpuTime();
        assertEquals(List.of("ksym_12345_x"), Suggest.closest("ksym_12345_", symbols).subList(0, 1));
        assertTrue(cpu.getCurrentThreadCpuTime() - start < 5_000_000_000L);
    }
}
