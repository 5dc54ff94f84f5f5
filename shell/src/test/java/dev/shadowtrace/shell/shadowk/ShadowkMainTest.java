package dev.shadowtrace.shell.shadowk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowtrace.runtime.Errno;
import dev.shadowtrace.runtime.KernelAddress;
import dev.shadowtrace.runtime.ShadowInfo;
import dev.shadowtrace.runtime.ShadowkAbi;
import dev.shadowtrace.runtime.ShadowkException;
import dev.shadowtrace.runtime.Stats;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code shadowk} as far as it goes without the module: parsing, errors, exit codes, rendering. */
class ShadowkMainTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path tmp;
    private String kallsyms;
    private String noDevice;
    private String notADevice;

    @BeforeEach
    void fixtures() throws Exception {
        Path k = tmp.resolve("kallsyms");
        try (InputStream in = getClass().getResourceAsStream("/kallsyms-fixture.txt")) {
            Files.copy(in, k);
        }
        kallsyms = k.toString();
        noDevice = tmp.resolve("shadowk").toString();
        notADevice = Files.createFile(tmp.resolve("regular")).toString();
    }

    private int run(String... args) {
        return ShadowkMain.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    private String errLine() {
        String e = err.toString();
        assertTrue(e.endsWith("\n") && e.indexOf('\n') == e.length() - 1, "exactly one line on stderr: " + e);
        return e.substring(0, e.length() - 1);
    }

    private RunCommand parseRun(String... args) {
        CommandLine cl = ShadowkMain.commandLine(new PrintWriter(out), new PrintWriter(err));
        ParseResult parsed = cl.parseArgs(args);
        return (RunCommand) parsed.subcommand().commandSpec().userObject();
    }

    @Test
    void noSubcommandIsAUsageError() {
        assertEquals(2, run());
        assertTrue(err.toString().contains("Usage: shadowk"), err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void helpExitsZero() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("run"), out.toString());
        assertEquals(0, run("run", "--help"));
        assertTrue(out.toString().contains("--patch=SYMBOL[+OFFSET]=HEXBYTES"), out.toString());
    }

    @Test
    void runTakesEverythingAfterTheCommandAsItsArguments() {
        RunCommand r = parseRun("run", "--patch", "vfs_read+4=cc", "--patch", "vfs_write=c3", "ls", "-l", "--patch");
        assertEquals(List.of("ls", "-l", "--patch"), r.command);
        assertEquals(2, r.patches.size());
        assertEquals("vfs_write", r.patches.get(1).where().symbol());
        assertEquals(ShadowkAbi.BIND_PERSIST, r.flags());
        RunCommand dashed = parseRun("run", "--no-fork-inherit", "--", "-weird-program", "x");
        assertEquals(List.of("-weird-program", "x"), dashed.command);
        assertEquals(ShadowkAbi.BIND_PERSIST | ShadowkAbi.BIND_NO_FORK_INHERIT, dashed.flags());
    }

    @Test
    void runWithoutACommandIsAUsageError() {
        assertEquals(2, run("run", "--patch", "vfs_read=cc"));
        assertEquals("shadowk: Missing required parameter: 'CMD' (see 'shadowk run --help')", errLine());
    }

    @Test
    void aBadPatchIsAUsageErrorThatSaysWhy() {
        assertEquals(2, run("run", "--patch", "vfs_read+0x4=b8 2", "--", "true"));
        assertEquals("shadowk: Invalid value for option '--patch' (SYMBOL[+OFFSET]=HEXBYTES): '2' has an odd number"
                + " of hex digits: each byte is two digits; expected hex bytes in memory order, e.g. 'b82a000000c3'"
                + " or 'b8 2a 00 00 00 c3' (see 'shadowk run --help')", errLine());
    }

    @Test
    void anUnknownFunctionFailsBeforeTheModuleIsAsked() {
        assertEquals(1, run("run", "--kallsyms", kallsyms, "--device", noDevice, "--patch", "vfs_reed+3=cc", "true"));
        assertEquals("shadowk: unknown kernel function 'vfs_reed'; did you mean 'vfs_read'?", errLine());
    }

    @Test
    void aMissingModuleIsOneLineWithWhatToDo() {
        assertEquals(1, run("run", "--device", noDevice, "true"));
        assertEquals("shadowk: " + noDevice + " not found: load the module with 'insmod kmod/shadowk.ko' (build it"
                + " first with 'make -C kmod'), or run inside the test VM with 'bin/vm -- ...'", errLine());
        assertEquals("", out.toString());
    }

    @Test
    void theAbiIsCheckedBeforeAnyOtherRequest() {
        assertEquals(1, run("info", "--device", notADevice));
        assertEquals("shadowk: the loaded shadowk module does not know the VERSION request: its ABI differs from"
                + " this tool's (ABI " + ShadowkAbi.ABI_VERSION + "); rebuild and reload the module from this"
                + " checkout", errLine());
    }

    @Test
    void checkResolvesTheSymbolThenAsksTheModule() {
        assertEquals(1, run("check", "--kallsyms", kallsyms, "--device", notADevice, "vfs_read+3", "b8", "2a"));
        assertTrue(errLine().startsWith("shadowk: the loaded shadowk module does not know the VERSION request"),
                err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void checkArgumentErrors() {
        assertEquals(2, run("check", "--kallsyms", kallsyms, "vfs_read", "zz"));
        assertEquals("shadowk: HEXBYTES: 'zz' is not hex: 'z' is not a hex digit; expected hex bytes in memory"
                + " order, e.g. 'b82a000000c3' or 'b8 2a 00 00 00 c3' (see 'shadowk check --help')", errLine());
        err.getBuffer().setLength(0);
        assertEquals(2, run("check", "vfs_read+x"));
        assertTrue(errLine().startsWith("shadowk: Invalid value for positional parameter at index 0"
                + " (SYMBOL[+OFFSET]): offset 'x' in 'vfs_read+x' is not a number"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("check"));
        assertEquals("shadowk: Missing required parameter: 'SYMBOL[+OFFSET]' (see 'shadowk check --help')",
                errLine());
        err.getBuffer().setLength(0);
        assertEquals(1, run("check", "--kallsyms", kallsyms, "jiffies"));
        assertEquals("shadowk: kernel symbol 'jiffies' is not a function (kallsyms type 'D'): only kernel text can"
                + " be patched", errLine());
    }

    @Test
    void checkVerdictLines() {
        KernelAddress at = new KernelAddress("vfs_read", 3, 0xffffffff81001013L);
        assertEquals("vfs_read+0x3 (0xffffffff81001013): ok, owns 5 bytes",
                CheckCommand.accepted(at, 0xffffffff81001018L));
        ShadowkException boundary = new ShadowkException(Errno.EILSEQ, "patch at 0xffffffff81001013: not on an"
                + " instruction boundary");
        assertEquals("vfs_read+0x3 (0xffffffff81001013): refused: patch at 0xffffffff81001013: not on an"
                + " instruction boundary", CheckCommand.refused(at, boundary), "a subject-less exception keeps it");
    }

    @Test
    void unknownSubcommandOrOptionIsAUsageError() {
        assertEquals(2, run("frobnicate"));
        assertTrue(errLine().startsWith("shadowk: Unmatched argument at index 0: 'frobnicate'"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("info", "--yaml"));
        assertEquals("shadowk: Unknown option: '--yaml' (see 'shadowk info --help')", errLine());
    }

    @Test
    void infoAsText() {
        InfoReport r = new InfoReport(new Stats(2, 14, 40, 3, 10, 7, 5, 0, 3, 2, 160, 1024, 8192, 262144, 262144,
                1048576, 1, 64, 3, 1024, 0), List.of(
                new ShadowInfo(1, 6, 20, 12, 2, 1, 3, 0, 2, 160, 3584, 65536, 131072, 1048576),
                new ShadowInfo(4, 8, 20, 64, 1, 2, 2, -1, 0, 0, 3584, 65536, 131072, 1048576)));
        assertEquals("module: shadows 2 of 1024, pages copied 14 of 8192, table pages 40, patches 3 of 262144,"
                + " probes 2 of 262144, per-CPU bytes 160 of 1048576, probed shadows 1 of 64,"
                + " out-of-line slots 3 of 1024, bound address spaces 3, binds 10, unbinds 7,"
                + " coherence writes 5, coherence conflicts 0, coherence lost 0\n"
                + "shadow 1: pages copied 6 of 3584, table pages 20, bytes patched 12, patches 2 of 65536,"
                + " probes 2 of 131072, per-CPU bytes 160 of 1048576, bound address spaces 1,"
                + " coherence writes 3, coherence conflicts 0\n"
                + "shadow 4: pages copied 8 of 3584, table pages 20, bytes patched 64, patches 1 of 65536,"
                + " probes 0 of 131072, per-CPU bytes 0 of 1048576, bound address spaces 2,"
                + " coherence writes 2, coherence conflicts 18446744073709551615", r.toText());
    }

    @Test
    void infoAsJsonUsesTheHeadersFieldNames() {
        InfoReport r = new InfoReport(new Stats(1, 14, 40, 3, 10, 7, 5, 0, 2, 1, 80, 1024, 8192, 262144, 262144,
                1048576, 1, 64, 2, 1024, 1), List.of(new ShadowInfo(1, 6, 20, 12, 2, 1, 3, -1, 1, 80, 3584, 65536, 131072, 1048576)));
        assertEquals("{\"stats\":{\"shadows\":1,\"pages_copied\":14,\"table_pages\":40,\"bound_mms\":3,"
                + "\"binds_total\":10,\"unbinds_total\":7,\"coherence_writes\":5,\"coherence_conflicts\":0,"
                + "\"patches\":2,\"probes\":1,\"percpu_bytes\":80,\"max_shadows\":1024,\"max_pages\":8192,"
                + "\"max_patches\":262144,\"max_probes\":262144,\"max_percpu_bytes\":1048576,"
                + "\"probed_shadows\":1,\"max_probed_shadows\":64,\"xol_slots\":2,\"max_xol_slots\":1024,"
                + "\"coherence_lost\":1},"
                + "\"shadows\":[{\"id\":1,\"pages_copied\":6,\"table_pages\":20,\"bytes_patched\":12,\"patches\":2,"
                + "\"bound_mms\":1,\"coherence_writes\":3,\"coherence_conflicts\":18446744073709551615,"
                + "\"probes\":1,\"percpu_bytes\":80,\"max_pages\":3584,\"max_patches\":65536,"
                + "\"max_probes\":131072,\"max_percpu_bytes\":1048576}]}",
                r.toJson());
        assertEquals("{\"stats\":{\"shadows\":0,\"pages_copied\":0,\"table_pages\":0,\"bound_mms\":0,"
                + "\"binds_total\":0,\"unbinds_total\":0,\"coherence_writes\":0,\"coherence_conflicts\":0,"
                + "\"patches\":0,\"probes\":0,\"percpu_bytes\":0,\"max_shadows\":0,\"max_pages\":0,"
                + "\"max_patches\":0,\"max_probes\":0,\"max_percpu_bytes\":0,\"probed_shadows\":0,"
                + "\"max_probed_shadows\":0,\"xol_slots\":0,\"max_xol_slots\":0,\"coherence_lost\":0},"
                + "\"shadows\":[]}", new InfoReport(new Stats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                        0, 0, 0, 0, 0),
                        List.of()).toJson());
    }
}
