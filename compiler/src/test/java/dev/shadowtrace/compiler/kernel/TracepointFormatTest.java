package dev.shadowtrace.compiler.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.shadowtrace.compiler.kernel.TracepointField.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing tracefs format files: id, offsets, sizes, signedness, and which fields are strings. */
class TracepointFormatTest {
    private static final String EXEC = """
            name: sched_process_exec
            ID: 309
            format:
            \tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;
            \tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;

            \tfield:__data_loc char[] filename;\toffset:8;\tsize:4;\tsigned:0;
            \tfield:pid_t pid;\toffset:12;\tsize:4;\tsigned:1;
            \tfield:char comm[16];\toffset:16;\tsize:16;\tsigned:0;
            \tfield:unsigned long args[6];\toffset:32;\tsize:48;\tsigned:0;
            \tfield:__rel_loc char[] name;\toffset:80;\tsize:4;\tsigned:0;
            \tfield:__data_loc u32[] ids;\toffset:84;\tsize:4;\tsigned:0;
            \tfield:const char * label;\toffset:88;\tsize:8;\tsigned:0;

            print fmt: "filename=%s pid=%d", __get_str(filename), REC->pid
            """;

    @Test
    void fieldsWithTheirKinds() {
        TracepointFormat f = TracepointFormat.parse("sched", "sched_process_exec", EXEC);
        assertEquals(309, f.id());
        assertEquals("sched:sched_process_exec", f.fullName());
        assertEquals(List.of(
                new TracepointField("common_type", "unsigned short", 0, 2, false, Kind.INTEGER),
                new TracepointField("common_pid", "int", 4, 4, true, Kind.INTEGER),
                new TracepointField("filename", "__data_loc char[]", 8, 4, false, Kind.DATA_LOC_STRING),
                new TracepointField("pid", "pid_t", 12, 4, true, Kind.INTEGER),
                new TracepointField("comm", "char[16]", 16, 16, false, Kind.CHAR_ARRAY),
                new TracepointField("args", "unsigned long[6]", 32, 48, false, Kind.OTHER),
                new TracepointField("name", "__rel_loc char[]", 80, 4, false, Kind.REL_LOC_STRING),
                new TracepointField("ids", "__data_loc u32[]", 84, 4, false, Kind.OTHER),
                new TracepointField("label", "const char *", 88, 8, false, Kind.INTEGER)), f.fields());
    }

    @Test
    void aFormatWithoutIdIsRefused() {
        assertEquals("the format of tracepoint a:b has no ID line", assertThrows(IllegalArgumentException.class,
                () -> TracepointFormat.parse("a", "b", "name: b\nformat:\n")).getMessage());
    }
}
