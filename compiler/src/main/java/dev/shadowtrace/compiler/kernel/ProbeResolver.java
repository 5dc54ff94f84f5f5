package dev.shadowtrace.compiler.kernel;

import dev.shadowtrace.compiler.user.UprobeResolver;
import dev.shadowtrace.compiler.user.UserTarget;
import dev.shadowtrace.lang.ast.ProbeDescription;
import dev.shadowtrace.lang.ast.ProbeKind;
import dev.shadowtrace.lang.diag.Diagnostic;
import dev.shadowtrace.lang.diag.ScriptException;
import dev.shadowtrace.lang.diag.SourceFile;
import dev.shadowtrace.lang.diag.Suggest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns the kernel probes of a script into {@link ProbeSite}s of the running kernel:
 *
 * <ul>
 *   <li>{@code fbt::foo:entry} matches the core-text function {@code foo}; if there is none, the
 *       compiler's clones {@code foo.isra.0}, {@code foo.constprop.0}, ... (there may be several);</li>
 *   <li>a glob ({@code fbt::vfs_*:entry}) matches every function whose full symbol name matches;</li>
 *   <li>entry and return probes need an ftrace site ({@code available_filter_functions}); offset
 *       probes ({@code fbt::foo+0x1c}) do not, and resolve to the function's address plus the offset;
 *       a named function without one is an error that suggests its nearest traceable callers, when
 *       the kernel info knows them ({@link KernelInfo#callersOf});</li>
 *   <li>a name with several addresses (static functions of different files) gives one site each;</li>
 *   <li>the module part, if given, must match {@code vmlinux}: only core kernel text is traced;</li>
 *   <li>syscall probes go to the syscall's wrapper ({@link SyscallTable});</li>
 *   <li>tracepoint probes to the tracepoints of tracefs ({@link TracepointResolver});</li>
 *   <li>user probes to a function's offset in its ELF file ({@link UprobeResolver}).</li>
 * </ul>
 */
public final class ProbeResolver {
    private final KernelInfo kernel;
    private final CallerSuggestion callers;
    private final SyscallTable syscalls;
    private final UprobeResolver user;
    private final TracepointResolver tracepoints;

    public ProbeResolver(KernelInfo kernel) {
        this(kernel, UserTarget.NONE);
    }

    /** A resolver whose pid probes ({@code pid$target::FUNC:entry}) probe the files of {@code target}. */
    public ProbeResolver(KernelInfo kernel, UserTarget target) {
        this.kernel = kernel;
        this.user = new UprobeResolver(target);
        this.callers = new CallerSuggestion(kernel);
        this.syscalls = new SyscallTable(kernel);
        this.tracepoints = new TracepointResolver(kernel.tracepoints());
    }

    /**
     * The sites of one kernel probe ({@link ProbeKind#isKernel()}).
     *
     * @throws ScriptException if nothing matches, with the error at the probe's function name
     */
    public List<ProbeSite> resolve(ProbeDescription probe, SourceFile source) throws ScriptException {
        if (probe.provider().equals(ProbeDescription.SYSCALL)) {
            return syscalls.resolve(probe, source);
        }
        if (probe.isUser()) {
            return user.resolve(probe, source);
        }
        if (probe.isTracepoint()) {
            return tracepoints.resolve(probe, source);
        }
        if (probe.kind() == ProbeKind.PROFILE) {
            return List.of(new ProbeSite(probe, "profile", 0)); // no place: a per-process CPU clock
        }
        if (!probe.module().isEmpty() && !FunctionNames.glob(probe.module()).matcher("vmlinux").matches()) {
            throw new ScriptException(source.error(probe.pos(), "cannot trace functions of kernel module '"
                    + probe.module() + "': shadowtrace traces core kernel text only",
                    "leave the module part empty: fbt::" + probe.function() + (probe.kind() == ProbeKind.OFFSET
                            ? "+0x" + Long.toHexString(probe.offset()) : ":" + probe.name())));
        }
        boolean glob = ProbeDescription.isGlob(probe.function());
        List<String> names = glob ? globMatches(probe.function()) : exactOrClones(probe.function());
        if (names.isEmpty()) {
            throw new ScriptException(glob
                    ? source.error(probe.functionPos(), "no kernel function matches '" + probe.function() + "'")
                    : unknown(probe, source));
        }
        if (probe.kind() != ProbeKind.OFFSET) {
            List<String> matched = names;
            names = names.stream().filter(kernel.traceableFunctions()::contains).toList();
            if (names.isEmpty()) {
                String where = probe.kind().name().toLowerCase(Locale.ROOT);
                String what = glob ? "no kernel function matching '" + probe.function() + "' can be traced at "
                        : "kernel function '" + probe.function() + "' cannot be traced at ";
                String suggestion = glob ? "" : callers.suggest(matched, where).map(s -> "; " + s).orElse("");
                throw new ScriptException(source.error(probe.functionPos(),
                        what + where + ": it is notrace, inlined or on the kprobe blacklist" + suggestion));
            }
        }
        long offset = probe.kind() == ProbeKind.OFFSET ? probe.offset() : 0;
        List<ProbeSite> sites = new ArrayList<>();
        for (String name : names) {
            for (long address : kernel.textFunctions().get(name)) {
                sites.add(new ProbeSite(probe, name, address + offset));
            }
        }
        return sites;
    }

    private List<String> exactOrClones(String name) {
        if (kernel.textFunctions().containsKey(name)) {
            return List.of(name);
        }
        return kernel.textFunctions().subMap(name + ".", true, name + "/", false).keySet().stream()
                .filter(symbol -> FunctionNames.isCloneOf(symbol, name))
                .toList();
    }

    private List<String> globMatches(String glob) {
        Pattern pattern = FunctionNames.glob(glob);
        return kernel.textFunctions().keySet().stream().filter(name -> pattern.matcher(name).matches()).toList();
    }

    /**
     * An unknown function, with the closest names as suggestions: only those at the smallest edit
     * distance, since among the kernel's tens of thousands of names many are a few edits apart.
     */
    private Diagnostic unknown(ProbeDescription probe, SourceFile source) {
        String name = probe.function();
        String message = "unknown kernel function '" + name + "'";
        Optional<String> suggestion = didYouMean(name, kernel.textFunctions().keySet());
        return suggestion.isPresent()
                ? source.error(probe.functionPos(), message + "; " + suggestion.get())
                : source.error(probe.functionPos(), message,
                        "it is not in /proc/kallsyms: it may have been inlined, or live in a kernel module");
    }

    /** "did you mean ..." with the closest of {@code names}, only those at the smallest edit distance. */
    static Optional<String> didYouMean(String name, Collection<String> names) {
        List<String> close = Suggest.closest(name, names);
        int best = close.stream().mapToInt(c -> distance(name, c)).min().orElse(0);
        return Suggest.didYouMean(name, close.stream().filter(c -> distance(name, c) == best).toList());
    }

    private static int distance(String a, String b) {
        return Suggest.distance(a.toLowerCase(Locale.ROOT), b.toLowerCase(Locale.ROOT));
    }
}
