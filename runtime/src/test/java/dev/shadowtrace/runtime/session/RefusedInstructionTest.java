package dev.shadowtrace.runtime.session;

import dev.shadowtrace.compiler.kernel.ProbeSite;
import dev.shadowtrace.lang.ast.ProbeDescription;
import dev.shadowtrace.lang.ast.ProbeKind;
import dev.shadowtrace.lang.diag.SourcePos;
import dev.shadowtrace.runtime.Errno;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kernel's refusal of a user offset probe's instruction is explained; other refusals are left alone. */
class RefusedInstructionTest {
    private static ProbeSite site(ProbeKind kind, long offset) {
        SourcePos pos = new SourcePos(1, 1);
        ProbeDescription probe = new ProbeDescription(ProbeDescription.PID, "/bin/prog", "work", "", kind, offset, 0,
                "pid$target::work:" + Long.toHexString(offset), pos, pos);
        return new ProbeSite(probe, "work", 0x1000 + offset);
    }

    @Test
    void anOffsetTheKernelCannotProbeIsExplained() {
        for (int errno : new int[] {Errno.EINVAL, Errno.ENOEXEC, ProcessProbes.ENOTSUPP}) {
            String why = ProcessProbes.refusedInstruction(site(ProbeKind.OFFSET, 3), errno);
            assertTrue(why.contains("uprobe at offset 0x3 of work: it is not the first byte of an instruction"), why);
        }
        assertEquals("", ProcessProbes.refusedInstruction(site(ProbeKind.OFFSET, 3), Errno.EPERM));
        assertEquals("", ProcessProbes.refusedInstruction(site(ProbeKind.ENTRY, 0), Errno.EINVAL));
    }
}
