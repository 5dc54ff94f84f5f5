package dev.shadowtrace.compiler;

import static dev.shadowtrace.compiler.Sim.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowtrace.compiler.bpf.AluOp;
import dev.shadowtrace.compiler.bpf.Disassembler;
import dev.shadowtrace.compiler.bpf.Helper;
import dev.shadowtrace.compiler.bpf.Insn;
import dev.shadowtrace.compiler.bpf.Opcode;
import dev.shadowtrace.compiler.bpf.Program;
import dev.shadowtrace.compiler.bpf.ProgramChecker;
import dev.shadowtrace.compiler.bpf.Reg;
import dev.shadowtrace.compiler.layout.Field;
import dev.shadowtrace.compiler.layout.FieldType;
import dev.shadowtrace.lang.diag.ScriptException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * context: shadowk's attach cookie (enum shadowk_hit_context) read with bpf_get_attach_cookie(ctx)
 * and turned into its name.
 */
class ContextBuiltinTest {
    private static final byte[] NO_KEY = new byte[8];

    @ParameterizedTest
    @CsvSource({"0, process", "1, hardirq", "2, softirq", "3, nmi", "4, kthread", "7, unknown",
        "-1, unknown", "4294967296, unknown"})
    void cookieNamesTheContext(long cookie, String expected) throws ScriptException {
        Sim sim = new Sim("""
                fbt::vfs_read:entry { @[context] = count(); printf("%s\\n", context); this->c = context; trace(this->c); }
                """);
        sim.machine.attachCookie = cookie;
        sim.fire(1);
        assertEquals(Optional.of(1L), sim.value("@", key(expected), "count"));
        assertEquals(1, sim.entries("@").size());
        assertEquals(expected, Sim.string(sim.events().get(0), 8, 8), "printf argument");
        assertEquals(expected, Sim.string(sim.events().get(1), 8, 64), "through a clause-local");
    }

    @Test
    void printfFieldIsEightBytes() throws ScriptException {
        Sim sim = new Sim("fbt::vfs_read:entry { printf(\"%s %s\\n\", context, comm); }");
        sim.machine.attachCookie = 4;
        sim.fire(1);
        assertEquals(List.of(new Field("arg1", FieldType.STRING, 0, 8), new Field("arg2", FieldType.STRING, 8, 16)),
                sim.script.formats().get(0).payload().fields());
        byte[] record = sim.events().get(0);
        assertEquals(8 + 24, record.length);
        assertEquals("kthread", Sim.string(record, 8, 8));
        assertEquals("bash", Sim.string(record, 16, 16));
    }

    @ParameterizedTest
    @CsvSource({"0, 0, 1", "1, 1, 0", "2, 0, 1", "3, 0, 1", "4, 0, 1", "9, 0, 1"})
    void comparesWithLiterals(long cookie, long hardirq, long notHardirq) throws ScriptException {
        Sim sim = new Sim("""
                fbt::vfs_read:entry /context == "hardirq"/ { @irq = count(); }
                fbt::vfs_read:entry /context != "hardirq"/ { @other = count(); }
                fbt::vfs_read:entry /context == "a_long_literal_never_equal"/ { @never = count(); }
                """);
        sim.machine.attachCookie = cookie;
        for (int clause = 1; clause <= 3; clause++) {
            sim.fire(clause);
        }
        assertEquals(hardirq, sim.value("@irq", NO_KEY, "count").orElse(0L));
        assertEquals(notHardirq, sim.value("@other", NO_KEY, "count").orElse(0L));
        assertTrue(sim.entries("@never").isEmpty());
    }

    @Test
    void mixesWithOtherStrings() throws ScriptException {
        Sim sim = new Sim("""
                fbt::vfs_read:entry { @[context == "process" ? comm : context, context == comm] = count();
                                      self->ctx = context; last = context; }
                fbt::vfs_write:entry { trace(self->ctx == last); }
                """);
        sim.fire(1);
        sim.machine.attachCookie = 2;
        sim.fire(1);
        sim.machine.comm = "process";
        sim.machine.attachCookie = 0;
        sim.fire(1);
        assertEquals(Optional.of(1L), sim.value("@", key("bash", 0), "count"));
        assertEquals(Optional.of(1L), sim.value("@", key("softirq", 0), "count"));
        assertEquals(Optional.of(1L), sim.value("@", key("process", 1), "count"));
        sim.fire(2);
        assertEquals(1, Sim.word(sim.events().get(0), 8));
    }

    /** r1 = r6 (the context), call 174, then the cookie in r0 compared with every SHADOWK_CTX_* value. */
    @Test
    void callsGetAttachCookieWithTheContext() throws ScriptException {
        CompiledScript script = Fixtures.compile("fbt::vfs_read:entry { @[context] = count(); }");
        Program program = script.programs().get(0).program();
        assertEquals(List.of(), ProgramChecker.check(program));
        List<Integer> calls = calls(program, Helper.GET_ATTACH_COOKIE);
        assertEquals(1, calls.size());
        int call = calls.get(0);
        assertEquals(174, program.insn(call).imm());
        Insn setR1 = program.insn(call - 1);
        assertEquals(Opcode.ALU64 | Opcode.X | AluOp.MOV.code(), setR1.code(), "mov64 r1, reg");
        assertEquals(Reg.R1.number(), setR1.dst());
        assertEquals(Reg.R6.number(), setR1.src());
        String code = Disassembler.dump(program);
        assertTrue(code.contains("r1 = r6\n") && code.contains("call bpf_get_attach_cookie#174"), code);
        for (int cookie = 0; cookie <= 4; cookie++) {
            assertTrue(code.contains("if r0 == 0x" + cookie + " goto"), code);
        }
        for (String name : List.of("process", "hardirq", "softirq", "nmi", "kthread", "unknown")) {
            // the name's bytes as one little-endian word: a store immediate if it fits, else an ld_imm64
            long word = Sim.word(key(name), 0);
            String stored = word == (int) word ? " = " + word + "\n" : " = 0x" + Long.toHexString(word) + "\n";
            assertTrue(code.contains(stored), name + " in\n" + code);
        }
    }

    @Test
    void noCookieWithoutContext() throws ScriptException {
        CompiledScript script = Fixtures.compile("fbt::vfs_read:entry { @[comm] = count(); }");
        assertTrue(calls(script.programs().get(0).program(), Helper.GET_ATTACH_COOKIE).isEmpty());
        assertFalse(script.dump().contains("attach_cookie"));
    }

    private static List<Integer> calls(Program program, Helper helper) {
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < program.length(); i += program.insn(i).isLdImm64() ? 2 : 1) {
            Insn in = program.insn(i);
            if (in.code() == (Opcode.JMP | Opcode.CALL) && in.imm() == helper.id()) {
                found.add(i);
            }
        }
        return found;
    }
}
