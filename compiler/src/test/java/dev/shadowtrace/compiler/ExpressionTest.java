package dev.shadowtrace.compiler;

import static dev.shadowtrace.compiler.Sim.key;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shadowtrace.lang.diag.ScriptException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Integer expressions, variables and plain maps, checked against Java's arithmetic. */
class ExpressionTest {
    private static final String ARITHMETIC = """
            fbt::vfs_read:entry
            {
                trace(arg0 + arg1); trace(arg0 - arg1); trace(arg0 * arg1); trace(arg0 / arg1); trace(arg0 % arg1);
                trace(arg0 & arg1); trace(arg0 | arg1); trace(arg0 ^ arg1); trace(arg0 << arg1); trace(arg0 >> arg1);
                trace(arg0 < arg1); trace(arg0 <= arg1); trace(arg0 > arg1); trace(arg0 >= arg1);
                trace(arg0 == arg1); trace(arg0 != arg1); trace(arg0 && arg1); trace(arg0 || arg1);
                trace(!arg0); trace(-arg0); trace(~arg0); trace(arg0 > arg1 ? arg0 : arg1);
                trace(arg0 / 7); trace(arg0 % -7); trace(arg0 * 3); trace(arg0 >> 3); trace(arg0 + 0x123456789);
                trace(arg0 + (arg1 + (arg0 * (arg1 - (arg0 + (arg1 ^ (arg0 - 7)))))));
            }
            """;

    private static List<Long> expected(long a, long b) {
        int s = (int) (b & 63);
        return List.of(a + b, a - b, a * b, b == 0 ? 0 : a / b, b == 0 ? a : a % b,
                a & b, a | b, a ^ b, a << s, a >> s,
                bool(a < b), bool(a <= b), bool(a > b), bool(a >= b),
                bool(a == b), bool(a != b), bool(a != 0 && b != 0), bool(a != 0 || b != 0),
                bool(a == 0), -a, ~a, a > b ? a : b,
                a / 7, a % -7, a * 3, a >> 3, a + 0x123456789L,
                a + (b + (a * (b - (a + (b ^ (a - 7)))))));
    }

    private static long bool(boolean b) {
        return b ? 1 : 0;
    }

    @Test
    void arithmeticMatchesJava() throws ScriptException {
        Sim sim = new Sim(ARITHMETIC);
        List<long[]> pairs = new ArrayList<>(List.of(new long[] {7, 2}, new long[] {-7, 2}, new long[] {7, -2},
                new long[] {-7, -2}, new long[] {5, 0}, new long[] {-5, 0}, new long[] {Long.MIN_VALUE, -1},
                new long[] {Long.MIN_VALUE, 1}, new long[] {Long.MAX_VALUE, Long.MIN_VALUE}, new long[] {1, 64},
                new long[] {-1, 65}, new long[] {0, 0}));
        Random random = new Random(7);
        for (int i = 0; i < 50; i++) {
            pairs.add(new long[] {random.nextLong() >> random.nextInt(64), random.nextLong() >> random.nextInt(64)});
        }
        for (long[] p : pairs) {
            int before = sim.events().size();
            sim.fire(1, Map.of(Sim.DI, p[0], Sim.SI, p[1]));
            List<Long> actual = sim.events().subList(before, sim.events().size()).stream()
                    .map(e -> Sim.word(e, 8)).toList();
            assertEquals(expected(p[0], p[1]), actual, "arg0 = " + p[0] + ", arg1 = " + p[1]);
        }
    }

    @Test
    void globalsAndClauseLocals() throws ScriptException {
        Sim sim = new Sim("""
                fbt::vfs_read:entry
                {
                    total += arg0; n++; scaled = 2; scaled *= arg0; left -= 1; big = 0x123456789;
                    if (arg0 > 10) { this->x = arg0; } else if (arg0 > 5) { $y = 1; } else { this->x = -1; }
                    trace(this->x); trace($y);
                }
                """);
        sim.fire(1, Map.of(Sim.DI, 20L));
        sim.fire(1, Map.of(Sim.DI, 7L));
        assertEquals(27, sim.global("total"));
        assertEquals(2, sim.global("n"));
        assertEquals(14, sim.global("scaled"));
        assertEquals(-2, sim.global("left"));
        assertEquals(0x123456789L, sim.global("big"));
        assertEquals(List.of(20L, 0L, 0L, 1L), sim.events().stream().map(e -> Sim.word(e, 8)).toList(),
                "clause-locals start at zero in every run");
    }

    @Test
    void plainMapsKeepTheLastValue() throws ScriptException {
        Sim sim = new Sim("""
                fbt::vfs_read:entry { @last[pid] = arg0; @total[pid] += arg0; @down[pid] -= arg0; @prod[1] *= 2; }
                fbt::vfs_write:entry { trace(@last[pid]); trace(@last[pid + 1]); }
                """);
        sim.fire(1, Map.of(Sim.DI, 3L));
        sim.fire(1, Map.of(Sim.DI, 4L));
        assertEquals(Optional.of(4L), sim.value("@last", key(1000), "value"));
        assertEquals(Optional.of(7L), sim.value("@total", key(1000), "value"));
        assertEquals(Optional.of(-7L), sim.value("@down", key(1000), "value"));
        assertEquals(Optional.of(0L), sim.value("@prod", key(1), "value"), "0 * 2, twice");
        sim.fire(2);
        assertEquals(List.of(4L, 0L), sim.events().stream().map(e -> Sim.word(e, 8)).toList());
    }

    @Test
    void builtins() throws ScriptException {
        Sim sim = new Sim("""
                fbt::vfs_read:entry { trace(pid); trace(tid); trace(uid); trace(cgroup); trace(timestamp); trace(cpu);
                                      trace(arg3); trace(arg4); trace(arg5); }
                fbt::vfs_read:return { trace(retval); }
                """);
        sim.machine.now = 123_456;
        sim.fire(1, Map.of(88, 3L, 72, 4L, 64, 5L));
        sim.fire(2, Map.of(Sim.AX, -5L));
        assertEquals(List.of(1000L, 1001L, 42L, 77L, 123_456L, 1L, 3L, 4L, 5L, -5L),
                sim.events().stream().map(e -> Sim.word(e, 8)).toList());
    }
}
