package dev.shadowtrace.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Scripts the checker accepts but the kernel side cannot run as written. */
class CompileErrorTest {

    @Test
    void clauseNeedingMoreThan512BytesOfStack() {
        String s = "str(arg0)";
        assertEquals("""
                test.d:1:1: error: this clause needs 520 bytes of BPF stack, more than the 512 available
                fbt::kern_path:entry { printf("%s%s%s%s%s%s%s%s", str(arg0), str(arg0), str(arg0), str(arg0), \
                str(arg0), str(arg0), str(arg0), str(arg0)); }
                ^
                hint: split it into several clauses, or use fewer strings in one statement""",
                Fixtures.errors("fbt::kern_path:entry { printf(\"%s%s%s%s%s%s%s%s\", " + String.join(", ",
                        s, s, s, s, s, s, s, s) + "); }"));
    }

    @Test
    void lquantizeRangesThatDTraceRefuses() {
        assertEquals("""
                test.d:1:23: error: lquantize(0, 10000000000, 1000000) needs bounds and step that fit in 32 bits
                fbt::vfs_read:entry { @ = lquantize(arg0, 0, 10000000000, 1000000); }
                                      ^""",
                Fixtures.errors("fbt::vfs_read:entry { @ = lquantize(arg0, 0, 10000000000, 1000000); }"));
        assertEquals("""
                test.d:1:23: error: lquantize(0, 5, 10) has no bucket: the range must be at least one step wide
                fbt::vfs_read:entry { @ = lquantize(arg0, 0, 5, 10); }
                                      ^""", Fixtures.errors("fbt::vfs_read:entry { @ = lquantize(arg0, 0, 5, 10); }"));
    }
}
