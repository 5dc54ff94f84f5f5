package dev.shadowtrace.compiler.user;

import dev.shadowtrace.compiler.kernel.FunctionNames;
import dev.shadowtrace.compiler.kernel.ProbeSite;
import dev.shadowtrace.lang.ast.ProbeDescription;
import dev.shadowtrace.lang.ast.ProbeKind;
import dev.shadowtrace.lang.diag.ScriptException;
import dev.shadowtrace.lang.diag.SourceFile;
import dev.shadowtrace.lang.diag.Suggest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns user probes ({@code uprobe:PATH:FUNC}, {@code uretprobe:PATH:FUNC}) into {@link ProbeSite}s
 * whose {@link ProbeSite#address() address} is the function's offset in the file PATH (the
 * probe's {@link ProbeDescription#module() module}), read from its ELF symbol tables; an offset
 * probe's is that plus its offset, inside the function's size. A glob matches every function of the
 * file whose name matches. Each file is read once.
 */
public final class UprobeResolver {
    private final Map<String, ElfFunctions> files = new HashMap<>();
    private final UserTarget target;

    public UprobeResolver() {
        this(UserTarget.NONE);
    }

    /** A resolver whose pid probes ({@code pid$target::FUNC:entry}) probe the files of {@code target}. */
    public UprobeResolver(UserTarget target) {
        this.target = target;
    }

    /**
     * The sites of a user probe; a pid probe's are those of the uprobe on its file, their probe the
     * pid probe with the file's path as its module.
     */
    public List<ProbeSite> resolve(ProbeDescription written, SourceFile source) throws ScriptException {
        ProbeDescription probe = written.provider().equals(ProbeDescription.PID) ? withFile(written, source) : written;
        ElfFunctions elf = read(probe, source);
        boolean glob = ProbeDescription.isGlob(probe.function());
        List<ProbeSite> sites = new ArrayList<>();
        if (glob) {
            Pattern pattern = FunctionNames.glob(probe.function());
            elf.offsets().forEach((name, offsets) -> {
                if (pattern.matcher(name).matches()) {
                    offsets.forEach(offset -> sites.add(new ProbeSite(probe, name, offset)));
                }
            });
        } else {
            for (long offset : elf.offsets().getOrDefault(probe.function(), List.of())) {
                sites.add(new ProbeSite(probe, probe.function(), probe.kind() == ProbeKind.OFFSET
                        ? offset + instructionOffset(probe, elf.sizeAt(offset), source) : offset));
            }
        }
        if (sites.isEmpty()) {
            String message = glob ? "no function of " + probe.module() + " matches '" + probe.function() + "'"
                    : "no function '" + probe.function() + "' in " + probe.module();
            Optional<String> close = glob ? Optional.empty()
                    : Suggest.didYouMean(probe.function(), Suggest.closest(probe.function(), elf.offsets().keySet()));
            throw new ScriptException(close.isPresent()
                    ? source.error(probe.functionPos(), message + "; " + close.get())
                    : source.error(probe.functionPos(), message, "list its functions with -l 'uprobe:"
                            + probe.module() + ":*' (a stripped file lists its exported functions only)"));
        }
        return sites;
    }

    /**
     * The offset of an offset probe ({@code pid$target::FUNC:10}, {@code uprobe:PATH:FUNC+16}) once
     * checked against the function's size from its symbol. Whether it is an instruction's first
     * byte is not checked (no x86 decoder here): the kernel's uprobe refuses to open on some bytes
     * that begin no valid instruction (EINVAL, reported at the probe), and a probe in the middle of
     * an instruction corrupts it: the user gives the offset from a disassembly.
     */
    private static long instructionOffset(ProbeDescription probe, long size, SourceFile source)
            throws ScriptException {
        if (size == 0) {
            throw new ScriptException(source.error(probe.functionPos(), "the size of " + probe.function() + " in "
                    + probe.module() + " is unknown (its symbol has no size): an offset in it cannot be checked",
                    "probe its entry instead"));
        }
        if (probe.offset() >= size) {
            throw new ScriptException(source.error(probe.functionPos(), "offset 0x" + Long.toHexString(probe.offset())
                    + " is outside " + probe.function() + " (0x" + Long.toHexString(size) + " bytes in "
                    + probe.module() + ")", "give the offset of one of its instructions, e.g. from objdump -d"));
        }
        return probe.offset();
    }

    /** The pid probe with the path of its file as its module: the target's executable, or its library. */
    private ProbeDescription withFile(ProbeDescription probe, SourceFile source) throws ScriptException {
        String which = probe.pidTarget();
        Optional<Integer> pid = which.equals("$target") ? target.pid() : Optional.of(Integer.parseInt(which));
        String library = probe.module();
        Path file;
        try {
            if (pid.isPresent()) {
                file = library.isEmpty() ? target.executableOf(pid.get()) : processLibrary(probe, pid.get(), source);
            } else if (target.executable().isPresent()) {
                file = library.isEmpty() ? target.executable().get() : commandLibrary(probe, source);
            } else {
                throw new ScriptException(source.error(probe.pos(), "$target is the process of -c or -p: "
                        + probe.text() + " needs one of them"));
            }
        } catch (IOException e) {
            throw new ScriptException(pid.isPresent() ? source.error(probe.pos(), "cannot find the files of process "
                    + pid.get() + ": " + e.getMessage(), "is it running?")
                    : source.error(probe.pos(), "cannot find the libraries of " + target.executable().orElseThrow()
                    + ": " + e.getMessage()));
        }
        return new ProbeDescription(ProbeDescription.PID, file.toString(), probe.function(), probe.name(),
                probe.kind(), probe.offset(), 0, probe.text(), probe.pos(), probe.functionPos());
    }

    /**
     * The library of process {@code pid} that a pid probe names: the one it maps under that name,
     * or, when the name is a file name it has not mapped yet, the file its {@code dlopen} of that
     * name would map.
     */
    private Path processLibrary(ProbeDescription probe, int pid, SourceFile source)
            throws IOException, ScriptException {
        String library = probe.module();
        Optional<Path> file = target.libraryOf(pid, library);
        if (file.isEmpty()) {
            file = target.loadableOf(pid, library);
        }
        return file.orElseThrow(() -> new ScriptException(source.error(probe.pos(), "process " + pid
                + " maps no library '" + library + "', and a dlopen(\"" + library + "\") of it would find no file",
                "give the file name as /proc/" + pid + "/maps shows it (pid" + probe.pidTarget()
                        + ":libc.so.6:FUNC:entry), or, for a library it has not loaded yet, as it will dlopen it"
                        + " (libfoo.so.1)")));
    }

    /**
     * The library of -c's command that a pid probe names: one it will map at its start
     * ({@code DT_NEEDED}, preloaded), or, when the name is a file name, the file its {@code dlopen}
     * of that name would map.
     */
    private Path commandLibrary(ProbeDescription probe, SourceFile source) throws IOException, ScriptException {
        String library = probe.module();
        Optional<Path> file = target.commandLibrary(library);
        if (file.isEmpty()) {
            file = target.commandLoadable(library);
        }
        Path executable = target.executable().orElseThrow();
        return file.orElseThrow(() -> new ScriptException(source.error(probe.pos(), executable + " needs no library '"
                + library + "' (its DT_NEEDED entries and theirs, and LD_PRELOAD's, found as the dynamic loader finds"
                + " them), and a dlopen(\"" + library + "\") of it would find no file", "name a library it loads"
                + " with dlopen by its file name as the loader finds it (libfoo.so.1), or probe it by path:"
                + " uprobe:/PATH/TO/" + library + ":" + probe.function())));
    }

    private ElfFunctions read(ProbeDescription probe, SourceFile source) throws ScriptException {
        ElfFunctions known = files.get(probe.module());
        if (known != null) {
            return known;
        }
        Path path = Path.of(probe.module());
        if (!Files.isRegularFile(path)) {
            throw new ScriptException(source.error(probe.pos(), "cannot probe " + probe.module() + ": "
                    + (Files.exists(path) ? "not a regular file" : "no such file")));
        }
        try {
            ElfFunctions elf = ElfFunctions.read(path);
            files.put(probe.module(), elf);
            return elf;
        } catch (IOException e) {
            throw new ScriptException(source.error(probe.pos(), "cannot probe " + probe.module() + ": "
                    + e.getMessage()));
        }
    }
}
