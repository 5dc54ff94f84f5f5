package dev.shadowtrace.compiler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowtrace.compiler.bpf.BpfMachine;
import dev.shadowtrace.compiler.bpf.Disassembler;
import dev.shadowtrace.compiler.kernel.btf.Btf;
import dev.shadowtrace.compiler.kernel.btf.BtfException;
import dev.shadowtrace.compiler.layout.Field;
import dev.shadowtrace.compiler.layout.FieldType;
import dev.shadowtrace.lang.diag.ScriptException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Buffer values, buf() and copyin(): a 72-byte field (u64 length, 64 bytes zero past the length),
 * read from user memory for syscall pointer arguments and copyin(), from kernel memory otherwise.
 */
class BufferTest {
    private static final long USER_REGS = 0xffffc90000abc000L;
    private static final int SI = 104;
    private static final long DATA = 0x7ffc2000L;
    private static final byte[] BYTES = {'A', 0, 'B', (byte) 0xff, 'C', '\n', 'D', 'E'};

    /** A buffer field's 72 bytes holding {@code data}. */
    private static byte[] field(byte[] data) {
        byte[] field = new byte[72];
        System.arraycopy(BpfMachine.le(data.length, 8), 0, field, 0, 8);
        System.arraycopy(data, 0, field, 8, data.length);
        return field;
    }

    @Test
    void syscallPointerIsReadFromUserMemoryIntoAKeyAndAPrintf() throws ScriptException {
        Sim sim = new Sim("""
                syscall::write:entry { @[buf(args->buf, 5)] = count(); printf("%r\\n", buf(arg1, 8)); }
                """);
        sim.machine.kernelWord(USER_REGS + SI, DATA);
        sim.machine.userBytes(DATA, BYTES);
        sim.machine.kernelBytes(DATA, new byte[8]); // the same address in kernel memory: must not be read
        sim.fire(1, Map.of(Sim.DI, USER_REGS));
        assertEquals(Optional.of(1L), sim.value("@", field(Arrays.copyOf(BYTES, 5)), "count"));
        assertEquals(List.of(new Field("arg1", FieldType.BUFFER, 0, 72)),
                sim.script.formats().get(0).payload().fields());
        byte[] record = sim.events().get(0);
        assertEquals(8 + 72, record.length);
        assertArrayEquals(field(BYTES), Arrays.copyOfRange(record, 8, 80));
    }

    @Test
    void kernelPointerCopyinAndTheCap() throws ScriptException {
        String text = "fbt::kern_path:entry { @k[buf(arg0, 3)] = count(); @u[copyin(arg0, 2)] = count();"
                + " @big[buf(arg0, arg1)] = count(); @neg[buf(arg0, arg2)] = count(); }";
        String program = Disassembler.dump(Fixtures.compile(text).programs().get(0).program());
        assertTrue(program.contains("bpf_probe_read_kernel") && program.contains("bpf_probe_read_user"), program);
        Sim sim = new Sim(text);
        byte[] big = new byte[100];
        Arrays.fill(big, (byte) 'x');
        sim.machine.kernelBytes(0x1000, big);
        sim.machine.userBytes(0x1000, BYTES);
        sim.fire(1, Map.of(Sim.DI, 0x1000L, Sim.SI, 1000L, Sim.DX, -5L));
        assertEquals(Optional.of(1L), sim.value("@k", field(new byte[] {'x', 'x', 'x'}), "count"));
        assertEquals(Optional.of(1L), sim.value("@u", field(new byte[] {'A', 0}), "count"));
        assertEquals(Optional.of(1L), sim.value("@big", field(Arrays.copyOf(big, 64)), "count"),
                "a length over 64 copies 64 bytes");
        assertEquals(Optional.of(1L), sim.value("@neg", field(new byte[0]), "count"), "a negative length copies none");
    }

    @Test
    void aFaultGivesTheEmptyBuffer() throws ScriptException {
        Sim sim = new Sim("fbt::kern_path:entry { @[buf(arg0, 4)] = count(); }");
        sim.fire(1, Map.of(Sim.DI, 0x5000L));
        assertEquals(Optional.of(1L), sim.value("@", field(new byte[0]), "count"));
    }

    @Test
    void storedInVariablesAndReadBack() throws ScriptException {
        Sim sim = new Sim("""
                fbt::kern_path:entry { self->b = buf(arg0, 4); $l = copyin(arg0, 2); @g = $l; @v[pid] = self->b; }
                fbt::kern_path:return { @back[self->b] = count(); @s[stringof(self->b)] = count(); }
                """);
        sim.machine.kernelBytes(0x1000, new byte[] {'a', 'b', 0, 'c'});
        sim.machine.userBytes(0x1000, new byte[] {'u', 'v'});
        sim.fire(1, Map.of(Sim.DI, 0x1000L));
        sim.fire(2);
        byte[] abc = field(new byte[] {'a', 'b', 0, 'c'});
        assertEquals(Optional.of(1L), sim.value("@back", abc, "count"));
        assertEquals(Optional.of(1L), sim.value("@s", Sim.key("ab"), "count"), "stringof stops at the NUL");
        assertArrayEquals(abc, sim.machine.lookup(sim.descriptor("@v").spec().name(), Sim.key(1000)).orElseThrow());
        assertArrayEquals(field(new byte[] {'u', 'v'}),
                sim.machine.lookup(sim.descriptor("@g").spec().name(), new byte[8]).orElseThrow());
    }

    @Test
    void anArrayMemberGivesItsLength() throws ScriptException, IOException, BtfException {
        Btf btf = Btf.read(Btf.VMLINUX); // the host's BTF, as KernelDataTest
        long offset = btf.member(btf.composite("struct task_struct").orElseThrow(), "comm").bitOffset() / 8;
        Sim sim = new Sim("fbt::vfs_read:entry { @[buf(curtask->comm)] = count(); }");
        byte[] comm = Arrays.copyOf("cat".getBytes(StandardCharsets.US_ASCII), 16);
        sim.machine.kernelBytes(sim.machine.currentTask + offset, comm);
        sim.fire(1);
        assertEquals(Optional.of(1L), sim.value("@", field(comm), "count"));
    }

    @Test
    void errors() {
        assertEquals("""
                test.d:1:25: error: buf() of this value needs a length: buf(ptr, n)
                fbt::vfs_read:entry { @[buf(arg0)] = count(); }
                                        ^
                hint: only a kernel array member, such as buf(curtask->comm), gives its own length""",
                Fixtures.errors("fbt::vfs_read:entry { @[buf(arg0)] = count(); }"));
    }
}
