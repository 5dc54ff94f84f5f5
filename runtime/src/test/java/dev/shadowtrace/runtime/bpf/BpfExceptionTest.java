package dev.shadowtrace.runtime.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowtrace.runtime.Errno;

import org.junit.jupiter.api.Test;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

class BpfExceptionTest {

    @Test
    void permissionDeniedSaysWhichCapabilities() {
        for (BpfCommand c : BpfCommand.values()) {
            BpfException e = BpfException.of(c, Errno.EPERM, "counts");
            assertEquals("bpf(2) denied: run as root or grant CAP_BPF and CAP_PERFMON", e.getMessage());
            assertEquals(Errno.EPERM, e.errno());
            assertEquals(c, e.command());
        }
    }

    @Test
    void verifierRejectionCarriesTheLog() {
        String log = "0: R1=ctx(off=0,imm=0) R10=fp0\n0: (95) exit\nR0 !read_ok\n"
                + "processed 1 insns (limit 1000000)\n";
        BpfException e = BpfException.verifierRejected("kprobe_1", Errno.EACCES, log);
        assertEquals("the kernel verifier rejected program kprobe_1:\n" + log.strip(), e.getMessage());
        assertEquals(log, e.verifierLog());
        assertEquals(Errno.EACCES, e.errno());
        assertEquals(BpfCommand.PROG_LOAD, e.command());
    }

    @Test
    void longVerifierLogsKeepTheirTailInTheMessage() {
        String log = IntStream.range(0, 1000).mapToObj(i -> "line " + i).collect(Collectors.joining("\n"));
        BpfException e = BpfException.verifierRejected("p", Errno.EINVAL, log);
        assertTrue(e.getMessage().startsWith("the kernel verifier rejected program p:\n"
                + "(800 earlier lines omitted, see verifierLog())\nline 800\n"));
        assertTrue(e.getMessage().endsWith("line 999"));
        assertEquals(log, e.verifierLog());
    }

    @Test
    void emptyVerifierLogIsSaidSo() {
        assertEquals("the kernel rejected program p with EINVAL (errno 22) and no verifier log",
                BpfException.verifierRejected("p", Errno.EINVAL, "\n").getMessage());
    }

    @Test
    void commandSpecificExplanations() {
        assertEquals("map counts is full (max_entries reached)",
                BpfException.of(BpfCommand.MAP_UPDATE_ELEM, Errno.E2BIG, "counts").getMessage());
        assertEquals("key already exists in map counts",
                BpfException.of(BpfCommand.MAP_UPDATE_ELEM, Errno.EEXIST, "counts").getMessage());
        assertEquals("the kernel rejected map counts: invalid type, key or value size, max_entries or flags",
                BpfException.of(BpfCommand.MAP_CREATE, Errno.EINVAL, "counts").getMessage());
        assertTrue(BpfException.of(BpfCommand.MAP_CREATE, Errno.ENOMEM, "counts").getMessage()
                .startsWith("cannot create map counts: out of kernel memory"));
        assertEquals("program p has more instructions than the kernel accepts",
                BpfException.of(BpfCommand.PROG_LOAD, Errno.E2BIG, "p").getMessage());
        assertEquals("bpf(2) is not available: the kernel was built without CONFIG_BPF_SYSCALL",
                BpfException.of(BpfCommand.MAP_CREATE, BpfException.ENOSYS, "m").getMessage());
        assertEquals("bad file descriptor for m (already closed?)",
                BpfException.of(BpfCommand.MAP_LOOKUP_ELEM, Errno.EBADF, "m").getMessage());
    }

    @Test
    void otherErrorsNameTheCallAndErrno() {
        assertEquals("bpf(BPF_MAP_LOOKUP_ELEM) on m failed: EFAULT (errno 14)",
                BpfException.of(BpfCommand.MAP_LOOKUP_ELEM, Errno.EFAULT, "m").getMessage());
        assertEquals("bpf(BPF_MAP_GET_NEXT_KEY) on m failed: errno 4242",
                BpfException.of(BpfCommand.MAP_GET_NEXT_KEY, 4242, "m").getMessage());
    }
}
