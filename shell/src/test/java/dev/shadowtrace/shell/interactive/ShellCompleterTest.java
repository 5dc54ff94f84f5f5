package dev.shadowtrace.shell.interactive;

import dev.shadowtrace.runtime.session.Fixture;

import org.jline.reader.Candidate;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.impl.DefaultParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShellCompleterTest {
    private ShellCompleter completer;

    @BeforeEach
    void setUp() throws Exception {
        TreeSet<String> functions = new TreeSet<>(Fixture.kernel().traceableFunctions());
        TreeSet<String> syscalls = new TreeSet<>(List.of("getppid", "read", "readv", "write"));
        completer = new ShellCompleter(ProbeCompletion.all(new ProbeCompletion.KernelNames() {
            @Override
            public Collection<String> functions() {
                return functions;
            }

            @Override
            public Collection<String> syscalls() {
                return syscalls;
            }

            @Override
            public Collection<String> tracepoints() {
                return List.of("sched:sched_process_exec", "sched:sched_process_fork", "sched:sched_switch",
                        "syscalls:sys_enter_read", "raw_syscalls:sys_enter");
            }
        }), () -> List.of("@n", "@lat"), () -> Map.of(42, "dd", 7, "sshd"));
    }

    /** The values offered for the last word of {@code line}, as JLine's prefix match would keep them. */
    private List<String> values(String line) {
        List<String> words = Arrays.asList(line.split(" ", -1));
        String word = words.get(words.size() - 1);
        return completer.candidates(words, words.size() - 1, word).stream().map(Candidate::value)
                .filter(v -> v.startsWith(word)).toList();
    }

    @Test
    void theFirstWordIsACommandOrAProvider() {
        assertEquals(List.of("fbt::"), values("f"));
        assertEquals(List.of("watch"), values("wa"));
        assertEquals(List.of("uprobe:", "uretprobe:"), values("u"));
        assertEquals(List.of("tracepoint:"), values("tr"));
        assertEquals(List.of("syscall::", "stats"), values("s"));
        assertTrue(values("").containsAll(ShellCommand.NAMES));
        assertTrue(values("").containsAll(List.of("fbt::", "syscall::", "tracepoint:", "profile:hz:", "uprobe:",
                "uretprobe:")), values("").toString());
    }

    @Test
    void syscallsThenEntryOrReturn() {
        assertEquals(List.of("syscall::read:", "syscall::readv:"), values("syscall::rea"));
        assertEquals(List.of("syscall::read:entry", "syscall::read:return"), values("syscall::read:"));
        List<String> glob = List.of("syscall::*v");
        assertEquals(List.of("syscall::readv:"), completer.candidates(glob, 0, glob.get(0)).stream()
                .map(Candidate::value).toList());
    }

    @Test
    void tracepointsByCategory() {
        assertEquals(List.of("tracepoint:syscalls:"), values("tracepoint:sys"));
        assertEquals(List.of("tracepoint:syscalls:sys_enter_read", "tracepoint:syscalls:sys_enter_readv"),
                values("tracepoint:syscalls:sys_enter_rea"));
        assertEquals(List.of("tracepoint:syscalls:sys_exit_getppid"), values("tracepoint:syscalls:sys_exit_g"));
        assertEquals(List.of("tracepoint:sched:"), values("tracepoint:sch"));
        assertEquals(List.of("tracepoint:raw_syscalls:"), values("tracepoint:ra"));
        assertEquals(List.of("tracepoint:sched:sched_process_exec", "tracepoint:sched:sched_process_fork"),
                values("tracepoint:sched:sched_process_"));
        List<String> glob = List.of("tracepoint:sched:*switch");
        assertEquals(List.of("tracepoint:sched:sched_switch"), completer.candidates(glob, 0, glob.get(0)).stream()
                .map(Candidate::value).toList());
    }

    @Test
    void profileRates() {
        assertEquals(List.of("profile:hz:"), values("prof"));
        assertEquals(List.of("profile:hz:99"), values("profile:hz:9").subList(0, 1));
    }

    @Test
    void uprobeFilesThenTheirElfFunctions(@TempDir Path dir) throws Exception {
        Files.createDirectory(dir.resolve("sub"));
        Files.writeString(dir.resolve("prog"), "not elf");
        String p = "uprobe:" + dir;
        assertEquals(List.of(p + "/prog:", p + "/sub/"), values(p + "/"));
        assertEquals(List.of(p + "/sub/"), values(p + "/s"));
        assertEquals(List.of(), values(p + "/prog:"), "not an ELF file: no functions");
        Path libc = Path.of("/lib/x86_64-linux-gnu/libc.so.6").toRealPath(); // Debian's, as the VM guests have
        List<String> malloc = values("uretprobe:" + libc + ":mallo");
        assertTrue(malloc.contains("uretprobe:" + libc + ":malloc"), malloc.toString());
        assertEquals(List.of("uprobe:/"), values("uprobe:"));
    }

    @Test
    void aClauseWithAProbeOfAnotherProviderCompletesItsBody() {
        assertEquals(List.of("count("), values("syscall::read:entry { @n = cou"));
    }

    @Test
    void functionsOfTheRunningKernelThenProbeNames() {
        assertEquals(List.of("fbt::vfs_read:", "fbt::vfs_readlink:", "fbt::vfs_readv:"), values("fbt::vfs_read"));
        assertEquals(List.of("fbt::vfs_read:entry", "fbt::vfs_read:return"), values("fbt::vfs_read:"));
        assertEquals(List.of("fbt::vfs_read:return"), values("fbt::vfs_read:r"));
        assertTrue(values("fbt::no_such_function").isEmpty());
    }

    @Test
    void aGlobOffersTheFunctionsItMatches() {
        List<String> word = List.of("fbt::vfs_re*v");
        assertEquals(List.of("fbt::vfs_readv:"), completer.candidates(word, 0, word.get(0)).stream()
                .map(Candidate::value).toList());
        List<String> more = List.of("fbt::vfs_rea?");
        assertEquals(List.of("fbt::vfs_read:"), completer.candidates(more, 0, more.get(0)).stream()
                .map(Candidate::value).toList());
    }

    /** What JLine keeps of the candidates for a word, with the shell's matcher. */
    private static List<String> kept(String word, List<String> values) {
        GlobMatcher matcher = new GlobMatcher();
        matcher.compile(Map.of(), false, (CompletingParsedLine) new DefaultParser().parse(word, word.length()), false,
                0, "");
        return matcher.matches(values.stream().map(Candidate::new).toList()).stream().map(Candidate::value)
                .sorted().toList();
    }

    @Test
    void theMatcherKeepsWhatAGlobMatchesAndOtherwiseWhatJLineKeeps() {
        List<String> values = List.of("fbt::vfs_read:", "fbt::vfs_readv:", "fbt::vfs_write:");
        assertEquals(List.of("fbt::vfs_read:", "fbt::vfs_readv:"), kept("fbt::vfs_re*", values));
        assertEquals(List.of("fbt::vfs_read:"), kept("fbt::vfs_rea?", values));
        assertEquals(List.of("fbt::vfs_read:", "fbt::vfs_readv:"), kept("fbt::vfs_read", values));
        assertEquals(List.of(), kept("fbt::nothing*", values));
    }

    @Test
    void aClauseBodyCompletesBuiltinsAndMaps() {
        assertEquals(List.of("{@n", "{@lat"), values("fbt::vfs_read:entry {@"));
        assertEquals(List.of("count("), values("fbt::vfs_read:entry { @n = cou"));
        assertEquals(List.of("@[execname"), values("fbt::vfs_read:entry { @[exec"));
        assertFalse(values("fbt::vfs_read:entry { @n = ").isEmpty());
    }

    @Test
    void commandArguments() {
        assertEquals(List.of("@n", "@lat"), values("print @"));
        assertEquals(List.of("@lat"), values("watch @l"));
        List<Candidate> pids = completer.candidates(List.of("attach", ""), 1, "");
        assertEquals(2, pids.size());
        assertTrue(pids.stream().anyMatch(c -> c.value().equals("42") && c.descr().equals("dd")), pids.toString());
        assertTrue(values("remove ").isEmpty());
    }
}
