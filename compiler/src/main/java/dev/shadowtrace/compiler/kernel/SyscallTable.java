package dev.shadowtrace.compiler.kernel;

import dev.shadowtrace.lang.ast.ProbeDescription;
import dev.shadowtrace.lang.ast.ProbeKind;
import dev.shadowtrace.lang.diag.ScriptException;
import dev.shadowtrace.lang.diag.SourceFile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The syscalls of a kernel and where their probes go. A syscall probe is an fbt probe on the
 * syscall's x86-64 wrapper {@code __x64_sys_NAME}, the function the syscall table calls with the
 * user's {@code struct pt_regs *}: entry for {@code syscall::NAME:entry} and
 * {@code tracepoint:syscalls:sys_enter_NAME}, return for {@code :return} and {@code sys_exit_NAME}.
 * So it fires in the traced process's shadow only, as every fbt probe does, where the kernel's own
 * syscall tracepoints would fire for every process. The syscalls are the wrappers in kallsyms; the
 * names and types of their arguments come from the kernel's syscall metadata, as
 * {@code events/syscalls/sys_enter_NAME/format} shows it.
 */
public final class SyscallTable {
    /** The prefix of the syscall wrappers' symbols on x86-64. */
    public static final String WRAPPER_PREFIX = "__x64_sys_";

    /** {@code field:const char * filename;	offset:24;	size:8;	signed:0;} */
    private static final Pattern FIELD = Pattern.compile("\\s*field:(.*?)\\s*([A-Za-z_][A-Za-z0-9_]*);.*");

    private final KernelInfo kernel;

    public SyscallTable(KernelInfo kernel) {
        this.kernel = kernel;
    }

    /** Every syscall with a wrapper in core kernel text, sorted. */
    public NavigableSet<String> names() {
        NavigableSet<String> names = new TreeSet<>();
        for (String symbol : kernel.textFunctions().subMap(WRAPPER_PREFIX, true, WRAPPER_PREFIX + Character.MAX_VALUE,
                false).keySet()) {
            if (!symbol.contains(".")) { // not a piece such as __x64_sys_gethostname.cold
                names.add(symbol.substring(WRAPPER_PREFIX.length()));
            }
        }
        return names;
    }

    /** Whether the syscall's wrapper has an ftrace site, so that entry and return probes can be placed on it. */
    public boolean isTraceable(String syscall) {
        return kernel.traceableFunctions().contains(WRAPPER_PREFIX + syscall);
    }

    /**
     * The sites of a syscall probe: one per matching syscall, at its wrapper.
     *
     * @throws ScriptException for an unknown syscall (with the closest names), a glob matching none,
     *                         or a wrapper without an ftrace site, at the syscall's name
     */
    public List<ProbeSite> resolve(ProbeDescription probe, SourceFile source) throws ScriptException {
        String pattern = probe.function();
        boolean glob = ProbeDescription.isGlob(pattern);
        List<String> matched;
        if (glob) {
            Pattern regex = FunctionNames.glob(pattern);
            matched = names().stream().filter(n -> regex.matcher(n).matches()).toList();
            if (matched.isEmpty()) {
                throw new ScriptException(source.error(probe.functionPos(), "no syscall matches '" + pattern + "'"));
            }
        } else if (names().contains(pattern)) {
            matched = List.of(pattern);
        } else {
            String message = "unknown syscall '" + pattern + "'";
            Optional<String> suggestion = ProbeResolver.didYouMean(pattern, names());
            throw new ScriptException(suggestion.isPresent()
                    ? source.error(probe.functionPos(), message + "; " + suggestion.get())
                    : source.error(probe.functionPos(), message, "this kernel has no " + WRAPPER_PREFIX + pattern
                            + "; shadowtrace -l 'syscall:::entry' lists the syscalls"));
        }
        List<String> traceable = matched.stream().filter(this::isTraceable).toList();
        if (traceable.isEmpty()) {
            String where = probe.kind().name().toLowerCase(Locale.ROOT);
            throw new ScriptException(source.error(probe.functionPos(), glob
                    ? "no syscall matching '" + pattern + "' can be traced at " + where + ": their wrappers "
                            + WRAPPER_PREFIX + pattern + " have no ftrace site"
                    : "syscall '" + pattern + "' cannot be traced at " + where + ": its wrapper " + WRAPPER_PREFIX
                            + pattern + " has no ftrace site", "probe the kernel function that implements it"
                            + " with fbt (shadowtrace -l 'fbt::*" + (glob ? "" : pattern) + "*')"));
        }
        List<ProbeSite> sites = new ArrayList<>();
        for (String name : traceable) {
            Syscall syscall = new Syscall(name, kernel.syscallFormat(name).map(SyscallTable::arguments));
            for (long address : kernel.textFunctions().get(WRAPPER_PREFIX + name)) {
                sites.add(new ProbeSite(probe, WRAPPER_PREFIX + name, address, Optional.of(syscall)));
            }
        }
        return sites;
    }

    /**
     * The arguments in the text of a {@code sys_enter_NAME} format: the fields after the common ones
     * ({@code common_*}) and {@code __syscall_nr}, in order, one per argument register.
     */
    static List<SyscallArg> arguments(String format) {
        List<SyscallArg> args = new ArrayList<>();
        for (String line : format.split("\n")) {
            Matcher m = FIELD.matcher(line);
            if (m.matches() && !m.group(2).startsWith("common_") && !m.group(2).equals("__syscall_nr")) {
                args.add(new SyscallArg(args.size(), m.group(1).strip(), m.group(2)));
            }
        }
        return args;
    }
}
