package dev.shadowtrace.shell.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowtrace.compiler.codegen.StackValues;
import dev.shadowtrace.compiler.user.ElfFunctions;
import dev.shadowtrace.lang.ast.StackShape;
import dev.shadowtrace.runtime.aggregate.MapEntry;
import dev.shadowtrace.runtime.aggregate.MapReader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ustack frames as the kernel records them in a build-id stack map (status, build id, file offset),
 * named from the ELF file with that build id: one the tracer was told of (the -c command), one a live
 * process maps ({@code /proc/PID/maps}, here a fake /proc), and not a file rebuilt with another id.
 */
class UserStacksTest {
    private static final String ID_A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private static final String ID_B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong(1_000_000);

    /** Builds a program with functions inner, outer and main and the given build id. */
    private Path build(String name, String buildId) throws Exception {
        Path source = dir.resolve("chain.c");
        Files.writeString(source, """
                __attribute__((noinline)) int inner(int x) { return x * 3 + 1; }
                __attribute__((noinline)) int outer(int x) { return inner(x) + 2; }
                int main(void) { return outer(0) - 3; }
                """);
        Path out = dir.resolve(name);
        Process gcc = new ProcessBuilder("gcc", "-O1", "-o", out.toString(), source.toString(),
                "-Wl,--build-id=0x" + buildId).redirectErrorStream(true).start();
        String log = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, gcc.waitFor(), log);
        return out;
    }

    private static long offset(Path binary, String function) throws IOException {
        return ElfFunctions.read(binary).offsets().get(function).get(0);
    }

    private UserNames names(Path proc) {
        return new UserNames(proc, clock::get);
    }

    @Test
    void aToldFileNamesItsFrames() throws Exception {
        Path prog = build("prog", ID_A);
        UserNames names = names(Files.createDirectories(dir.resolve("proc")));
        names.addFile(prog);
        assertEquals("inner", names.frame(ID_A, offset(prog, "inner")));
        assertEquals("outer+0x5", names.frame(ID_A, offset(prog, "outer") + 5));
        assertTrue(names.frame(ID_B, 0x40).startsWith("[unknown] (build id bbbbbbbbbbbbbbbb +0x40)"),
                names.frame(ID_B, 0x40));
    }

    @Test
    void aLiveProcessesMappedFileIsFoundByItsBuildId() throws Exception {
        Path prog = build("prog", ID_A);
        Path proc = dir.resolve("proc");
        Files.createDirectories(proc.resolve("4242"));
        Files.createDirectories(proc.resolve("self"));
        Files.writeString(proc.resolve("self/maps"), "");
        Files.writeString(proc.resolve("4242/maps"),
                "55d0c8a01000-55d0c8a02000 r-xp 00001000 fe:01 1234     " + prog + "\n");
        assertEquals("inner+0x1", names(proc).frame(ID_A, offset(prog, "inner") + 1));
    }

    /** A file rebuilt in place (another build id) no longer names the old stacks; the new id is found. */
    @Test
    void aRebuiltFileIsNotTakenForTheOldOne() throws Exception {
        Path prog = build("prog", ID_A);
        UserNames names = names(Files.createDirectories(dir.resolve("proc")));
        names.addFile(prog);
        assertEquals("inner", names.frame(ID_A, offset(prog, "inner")));
        Path rebuilt = build("prog.new", ID_B);
        Files.move(rebuilt, prog, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(prog, FileTime.fromMillis(Files.getLastModifiedTime(prog).toMillis() + 10_000));
        clock.addAndGet(UserNames.RESCAN_MILLIS);
        assertEquals("inner", names.frame(ID_B, offset(prog, "inner")));
        assertTrue(names.frame(ID_A, 0x10).startsWith("[unknown]"), names.frame(ID_A, 0x10));
    }

    /** Stacks reads the 32-byte frames of the ustacks map: valid ones named, an address-only one in hex. */
    @Test
    void stacksPrintUserFrames() throws Exception {
        Path prog = build("prog", ID_A);
        UserNames names = names(Files.createDirectories(dir.resolve("proc")));
        names.addFile(prog);
        ByteBuffer value = ByteBuffer.allocate(StackValues.BUILD_ID_FRAME * 4).order(ByteOrder.LITTLE_ENDIAN);
        frame(value, 1, ID_A, offset(prog, "inner") + 4);
        frame(value, 1, ID_A, offset(prog, "outer") + 1);
        frame(value, 2, "", 0x7fff12345678L);
        Map<String, byte[]> stored = new HashMap<>();
        stored.put("ustacks", value.array());
        stored.put("ustacks_3", value.array());
        MapReader maps = new MapReader() {
            @Override
            public List<MapEntry> entries(String mapName) {
                return List.of();
            }

            @Override
            public Optional<byte[]> lookup(String mapName, byte[] key) {
                return Optional.ofNullable(stored.get(mapName));
            }

            @Override
            public void update(String mapName, byte[] key, byte[] value) {
            }

            @Override
            public void delete(String mapName, byte[] key) {
            }

            @Override
            public int possibleCpus() {
                return 1;
            }
        };
        Stacks stacks = new Stacks(maps, null, names);
        assertEquals(List.of("inner+0x4", "outer+0x1", "0x7fff12345678"),
                stacks.frames(5 | StackValues.tag(StackShape.USER)));
        long perf = 5 | StackValues.tag(new StackShape(StackShape.Mode.PERF, 3, true));
        assertEquals(List.of("\t" + Long.toHexString(offset(prog, "inner") + 4) + " inner+0x4 (" + prog.toAbsolutePath()
                + ")", "\t" + Long.toHexString(offset(prog, "outer") + 1) + " outer+0x1 (" + prog.toAbsolutePath() + ")",
                "\t7fff12345678 [unknown]"), stacks.frames(perf));
    }

    private static void frame(ByteBuffer value, int status, String id, long offset) {
        value.putInt(status);
        byte[] bytes = new byte[20];
        byte[] given = HexFormat.of().parseHex(id);
        System.arraycopy(given, 0, bytes, 0, given.length);
        value.put(bytes);
        value.putLong(offset);
    }
}
