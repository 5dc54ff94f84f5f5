package dev.shadowtrace.compiler;

import static dev.shadowtrace.compiler.Sim.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowtrace.compiler.bpf.ProgramChecker;
import dev.shadowtrace.compiler.kernel.btf.Btf;
import dev.shadowtrace.compiler.kernel.btf.BtfException;
import dev.shadowtrace.compiler.kernel.btf.BtfType;
import dev.shadowtrace.lang.diag.ScriptException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bit-field members (BTF members with a bit size), read from simulated kernel memory laid out by the host
 * kernel's BTF: only the field's bits count, the bits around it in the same bytes do not, and a signed
 * field is sign-extended.
 */
class BitFieldTest {
    private static final long TASK = 0xffff888000400000L;
    private static Btf btf;

    @BeforeAll
    static void read() throws IOException {
        btf = Btf.read(Btf.VMLINUX);
    }

    private static BtfType.Member member(String composite, String name) throws BtfException {
        return btf.member(btf.composite(composite).orElseThrow(), name);
    }

    /** The bytes of a kernel object of {@code size} bytes with {@code value} stored in the bit field {@code m}. */
    private static byte[] withField(byte[] object, BtfType.Member m, long value) {
        for (int bit = 0; bit < m.bitfieldSize(); bit++) {
            long at = m.bitOffset() + bit;
            int mask = 1 << (at % 8);
            if ((value >>> bit & 1) != 0) {
                object[(int) (at / 8)] |= (byte) mask;
            } else {
                object[(int) (at / 8)] &= (byte) ~mask;
            }
        }
        return object;
    }

    /** task_struct's one-bit in_iowait (6.1 and later): set, clear, and with every other bit around it set. */
    @Test
    void oneBitFlagOfTaskStruct() throws ScriptException, BtfException {
        BtfType.Member iowait = member("struct task_struct", "in_iowait");
        assertEquals(1, iowait.bitfieldSize(), "in_iowait is a one-bit field in this kernel's BTF");
        int size = (int) btf.sizeOf(btf.composite("struct task_struct").orElseThrow().id());
        String script = "fbt::vfs_read:entry { @[((struct task_struct *)arg0)->in_iowait] = count(); }";
        for (long value : new long[] {0, 1}) {
            Sim sim = new Sim(script);
            byte[] ones = new byte[size];
            java.util.Arrays.fill(ones, (byte) 0xff); // every neighbouring bit set
            sim.machine.kernelBytes(TASK, withField(ones, iowait, value));
            sim.fire(1, Map.of(Sim.DI, TASK));
            assertEquals(Optional.of(1L), sim.value("@", key(value), "count"), "in_iowait = " + value);
            assertEquals(List.of(), ProgramChecker.check(sim.script.programs().get(0).program()));
        }
    }

    /** Several neighbouring fields of one word, through a typed variable, each its own value. */
    @Test
    void neighbouringFieldsThroughAVariable() throws ScriptException, BtfException {
        BtfType.Member execve = member("struct task_struct", "in_execve");
        BtfType.Member iowait = member("struct task_struct", "in_iowait");
        int size = (int) btf.sizeOf(btf.composite("struct task_struct").orElseThrow().id());
        Sim sim = new Sim("fbt::vfs_read:entry { $t = (struct task_struct *)arg0; @[$t->in_execve, $t->in_iowait] = count(); }");
        sim.machine.kernelBytes(TASK, withField(withField(new byte[size], execve, 1), iowait, 0));
        sim.fire(1, Map.of(Sim.DI, TASK));
        assertEquals(Optional.of(1L), sim.value("@", key(1, 0), "count"));
    }

    /** A signed field (a kernel struct's int bit field, found in this BTF) is sign-extended: all ones is -1. */
    @Test
    void signedFieldIsSignExtended() throws ScriptException {
        Found found = findSignedBitField();
        assertNotNull(found, "no signed int bit field in this kernel's BTF");
        int size = (int) btf.sizeOf(found.composite().id());
        String script = "fbt::vfs_read:entry { @[((" + btf.spell(found.composite().id()) + " *)arg0)->" + found.path()
                + "] = count(); }";
        long max = (1L << (found.member().bitfieldSize() - 1)) - 1;
        for (long value : new long[] {-1, -2, max, 3}) {
            Sim sim = new Sim(script);
            byte[] ones = new byte[size];
            java.util.Arrays.fill(ones, (byte) 0xff);
            sim.machine.kernelBytes(TASK, withField(ones, found.member(), value));
            sim.fire(1, Map.of(Sim.DI, TASK));
            assertEquals(Optional.of(1L), sim.value("@", key(value), "count"), script + " = " + value);
        }
    }

    private record Found(BtfType composite, String path, BtfType.Member member) {}

    /** A named struct with a signed int bit field, directly or in a named member of an anonymous type. */
    private static Found findSignedBitField() {
        for (int id = 1; id < btf.size(); id++) {
            BtfType t = btf.type(id);
            if (t.kind().isComposite() && !t.name().isEmpty() && btf.composite(btf.spell(id)).isPresent()) {
                Found f = search(t, t, "", 0, 0);
                if (f != null) {
                    return f;
                }
            }
        }
        return null;
    }

    private static Found search(BtfType top, BtfType composite, String prefix, long base, int depth) {
        for (BtfType.Member m : composite.members()) {
            BtfType inner = btf.resolve(m.type());
            long at = base + m.bitOffset();
            if (m.bitfieldSize() > 1 && m.bitfieldSize() < 32 && !m.name().isEmpty() && inner.isSignedInt()) {
                return new Found(top, prefix + m.name(), new BtfType.Member(m.name(), m.type(), at, m.bitfieldSize()));
            }
            if (inner.kind().isComposite() && depth < 2 && (m.name().isEmpty() || inner.name().isEmpty())) {
                Found f = search(top, inner, m.name().isEmpty() ? prefix : prefix + m.name() + ".", at, depth + 1);
                if (f != null) {
                    return f;
                }
            }
        }
        return null;
    }

    @Test
    void offsetofABitFieldIsStillAnError() {
        assertTrue(Fixtures.errors("fbt::vfs_read:entry { trace(offsetof(struct task_struct, in_iowait)); }")
                .contains("is a bit field, which has no byte offset"));
    }
}
