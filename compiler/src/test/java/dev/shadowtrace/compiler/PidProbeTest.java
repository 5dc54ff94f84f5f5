package dev.shadowtrace.compiler;

import dev.shadowtrace.compiler.kernel.ProbeSite;
import dev.shadowtrace.compiler.layout.Limits;
import dev.shadowtrace.compiler.user.DynamicTestImage;
import dev.shadowtrace.compiler.user.ElfFunctionsTestImage;
import dev.shadowtrace.compiler.user.LdCache;
import dev.shadowtrace.compiler.user.NeededLibraries;
import dev.shadowtrace.compiler.user.UserTarget;
import dev.shadowtrace.lang.Lang;
import dev.shadowtrace.lang.ast.ProbeKind;
import dev.shadowtrace.lang.diag.ScriptException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DTrace's pid provider: pid$target::FUNC:entry is a user probe on the target's executable (from
 * /proc/PID/exe for -p, the command's path for -c), pid$target:LIB:FUNC on the library /proc/PID/maps
 * maps under that name; a fake /proc stands for the kernel's.
 */
class PidProbeTest {
    private static final int PID = 4242;

    @TempDir
    Path dir;

    private Path proc(Path exe, String maps) throws IOException {
        Path proc = dir.resolve("proc");
        Files.createDirectories(proc.resolve(String.valueOf(PID)));
        Files.createSymbolicLink(proc.resolve(PID + "/exe"), exe);
        Files.writeString(proc.resolve(PID + "/maps"), maps);
        return proc;
    }

    private Path elf(String name) throws IOException {
        Path path = dir.resolve(name);
        Files.write(path, ElfFunctionsTestImage.bytes());
        return path;
    }

    private static CompiledScript compile(String text, UserTarget target) throws ScriptException {
        return new ScriptCompiler(Fixtures.TRACED_KERNEL, Limits.DEFAULTS, target).compile(Lang.parseAndCheck("test.d",
                text));
    }

    @Test
    void theTargetsExecutableAndLibraries() throws Exception {
        Path prog = elf("prog");
        Path lib = elf("libfoo.so.1");
        Path proc = proc(prog, "00400000-00401000 r-xp 00000000 08:01 12 " + prog + "\n"
                + "7f0000000000-7f0000001000 r-xp 00000000 08:01 13 " + lib + "\n"
                + "7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0 [stack]\n");
        UserTarget target = new UserTarget(Optional.of(PID), Optional.empty(), proc);
        CompiledScript script = compile("pid$target::target:entry { @[arg1] = count(); }"
                + " pid$target:libfoo:mem*:return { @r = sum(retval); }", target);
        ProbeSite entry = script.programs().get(0).sites().get(0);
        assertEquals(List.of(prog.toString(), "target", 0x17c0L, true),
                List.of(entry.probe().module(), entry.function(), entry.address(), entry.probe().isUser()));
        ProbeSite ret = script.programs().get(1).sites().get(0);
        assertEquals(List.of(lib.toString(), "memcpy"), List.of(ret.probe().module(), ret.function()));
        assertEquals("pid$target:libfoo:mem*:return", ret.probe().text());
    }

    @Test
    void aCommandsExecutableAndTheLibrariesItNeeds() throws Exception {
        Path lib = dir.resolve("libs/libfoo.so.1");
        Files.createDirectories(lib.getParent());
        Files.write(lib, DynamicTestImage.bytes());
        Path prog = dir.resolve("prog");
        Files.write(prog, DynamicTestImage.bytes("libfoo.so.1"));
        UserTarget command = new UserTarget(Optional.empty(), Optional.of(prog), dir, new NeededLibraries(
                LdCache.of("1 libs found\n\tlibfoo.so.1 (libc6,x86-64) => " + lib + "\n"), List.of()));
        assertEquals(prog.toString(), compile("pid$target::target:entry { @ = count(); }", command).programs().get(0)
                .sites().get(0).probe().module());
        ProbeSite site = compile("pid$target:libfoo.so.1:memcpy:entry { @ = count(); }", command).programs().get(0)
                .sites().get(0);
        assertEquals(List.of(lib.toString(), "memcpy", 0x1800L), List.of(site.probe().module(), site.function(),
                site.address()));
        String errors = assertThrows(ScriptException.class, () -> compile(
                "pid$target:libc:malloc:entry { @ = count(); }", command)).render();
        assertTrue(errors.contains(prog + " needs no library 'libc'"), errors);
        errors = assertThrows(ScriptException.class, () -> compile("pid$target::main:entry { @ = count(); }",
                UserTarget.NONE)).render();
        assertTrue(errors.contains("$target is the process of -c or -p"), errors);
    }

    @Test
    void offsetsInsideTheFunction() throws Exception {
        Path prog = elf("prog");
        UserTarget command = new UserTarget(Optional.empty(), Optional.of(prog), dir);
        ProbeSite dtrace = compile("pid$target::target:1c { @ = count(); }", command).programs().get(0).sites()
                .get(0);
        assertEquals(List.of(prog.toString(), "target", 0x17c0L + 0x1c, ProbeKind.OFFSET), List.of(
                dtrace.probe().module(), dtrace.function(), dtrace.address(), dtrace.kind()));
        ProbeSite bpftrace = compile("uprobe:" + prog + ":target+16 { @ = count(); }", UserTarget.NONE).programs()
                .get(0).sites().get(0);
        assertEquals(0x17c0L + 16, bpftrace.address());
        String errors = assertThrows(ScriptException.class, () -> compile("pid$target::target:0x20 { @ = count(); }",
                command)).render();
        assertTrue(errors.contains("offset 0x20 is outside target (0x20 bytes in " + prog + ")"), errors);
        errors = assertThrows(ScriptException.class, () -> compile("uprobe:" + prog + ":memcpy+4 { @ = count(); }",
                UserTarget.NONE)).render();
        assertTrue(errors.contains("the size of memcpy in " + prog + " is unknown"), errors);
    }

    @Test
    void aLibraryNotMappedYetByTheFileNameItsDlopenWouldFind() throws Exception {
        Path prog = elf("prog");
        Path plugins = dir.resolve("plugins");
        Files.createDirectories(plugins);
        Path plugin = plugins.resolve("libplug.so.2");
        Files.write(plugin, ElfFunctionsTestImage.bytes());
        Path proc = proc(prog, "00400000-00401000 r-xp 00000000 08:01 12 " + prog + "\n");
        Files.writeString(proc.resolve(PID + "/environ"), "HOME=/root\0LD_LIBRARY_PATH=/nowhere:" + plugins + "\0");
        UserTarget process = new UserTarget(Optional.of(PID), Optional.empty(), proc);
        ProbeSite site = compile("pid$target:libplug.so.2:memcpy:entry { @ = count(); }", process).programs().get(0)
                .sites().get(0);
        assertEquals(List.of(plugin.toString(), "memcpy"), List.of(site.probe().module(), site.function()),
                "through the LD_LIBRARY_PATH the process started with");
        String errors = assertThrows(ScriptException.class, () -> compile(
                "pid$target:libplug:memcpy:entry { @ = count(); }", process)).render();
        assertTrue(errors.contains("process " + PID + " maps no library 'libplug', and a dlopen(\"libplug\") of it"
                + " would find no file"), errors);

        UserTarget command = new UserTarget(Optional.empty(), Optional.of(prog), dir, new NeededLibraries(
                LdCache.of("1 libs found\n\tlibplug.so.2 (libc6,x86-64) => " + plugin + "\n"), List.of()));
        assertEquals(plugin.toString(), compile("pid$target:libplug.so.2:memcpy:entry { @ = count(); }", command)
                .programs().get(0).sites().get(0).probe().module(), "-c: through the loader's cache");
    }

    @Test
    void aCommandsPreloadedLibrariesComeFirst() throws Exception {
        Path prog = dir.resolve("prog");
        Files.write(prog, DynamicTestImage.bytes("libfoo.so.1"));
        Path libfoo = dir.resolve("libs/libfoo.so.1");
        Files.createDirectories(libfoo.getParent());
        Files.write(libfoo, DynamicTestImage.bytes());
        Path preloaded = dir.resolve("pre/libfoo.so.1");
        Files.createDirectories(preloaded.getParent());
        Files.write(preloaded, ElfFunctionsTestImage.bytes());
        Path byPath = dir.resolve("pre/libhook.so");
        Files.write(byPath, ElfFunctionsTestImage.bytes());
        LdCache cache = LdCache.of("1 libs found\n\tlibfoo.so.1 (libc6,x86-64) => " + libfoo + "\n");
        List<String> preload = NeededLibraries.preloadList(byPath + " libfoo.so.1", null);
        UserTarget command = new UserTarget(Optional.empty(), Optional.of(prog), dir, new NeededLibraries(cache,
                List.of(preloaded.getParent()), preload));
        assertEquals(byPath.toString(), compile("pid$target:libhook:memcpy:entry { @ = count(); }", command)
                .programs().get(0).sites().get(0).probe().module(), "a preloaded path");
        assertEquals(preloaded.toString(), compile("pid$target:libfoo:memcpy:entry { @ = count(); }", command)
                .programs().get(0).sites().get(0).probe().module(), "a preloaded name, found before DT_NEEDED's");
    }
}
