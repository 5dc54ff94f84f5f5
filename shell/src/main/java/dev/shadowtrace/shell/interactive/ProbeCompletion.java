package dev.shadowtrace.shell.interactive;

import dev.shadowtrace.shell.ProbeLister;

import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What Tab offers in a probe description for one provider: {@link ShellCompleter} offers the
 * {@link #prefixes} of every provider for the first letters typed, then asks the provider whose
 * prefix the word starts with. A new provider plugs into the shell with one class of this
 * interface, added to {@link #all}. Words with {@code *}, {@code ?} or {@code [} are globs
 * ({@code -l}'s globbing, {@link #matching}), which {@link GlobMatcher} lets through.
 */
interface ProbeCompletion {
    /** How this provider's probe descriptions start, as Tab first offers them ({@code fbt::}). */
    List<String> prefixes();

    /**
     * The completions of {@code token}, which starts with one of {@link #prefixes}: whole probe
     * descriptions, or the next part ending with {@code :} (or {@code /} in a path) to go on with.
     */
    List<String> complete(String token);

    /** The names among {@code names} that {@code typed} is the start of, or, if it is a glob, that it matches. */
    static Stream<String> matching(Collection<String> names, String typed) {
        if (Pattern.compile("[*?\\[]").matcher(typed).find()) {
            Pattern glob = Pattern.compile(ProbeLister.globToRegex(typed));
            return names.stream().filter(n -> glob.matcher(n).matches());
        }
        return names.stream().filter(n -> n.startsWith(typed));
    }

    /** The providers of the running kernel and this machine's files. */
    static List<ProbeCompletion> all(KernelNames kernel) {
        return List.of(new EntryReturnCompletion("fbt::", kernel::functions),
                new EntryReturnCompletion("syscall::", kernel::syscalls),
                new TracepointCompletion(kernel::syscalls, kernel::tracepoints), new ProfileCompletion(),
                new UprobeCompletion("uprobe"), new UprobeCompletion("uretprobe"));
    }

    /** What the providers need of the running kernel, read once, when first asked. */
    interface KernelNames {
        /** The traceable functions, sorted. */
        Collection<String> functions();

        /** The syscalls whose wrapper is traceable, sorted. */
        Collection<String> syscalls();

        /** The tracepoints of tracefs, {@code CATEGORY:NAME}, sorted; the {@code syscalls} category's are ignored. */
        Collection<String> tracepoints();
    }
}
