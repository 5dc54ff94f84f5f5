package dev.shadowtrace.shell;

import dev.shadowtrace.compiler.kernel.KernelInfo;
import dev.shadowtrace.compiler.user.ElfFunctions;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code shadowtrace -l [PATTERN]}: the probes of the running kernel, one per line, like
 * {@code bpftrace -l}: {@code fbt::F:entry} and {@code :return} for every traceable function,
 * {@code syscall::NAME:entry} and {@code :return} for every syscall whose wrapper is traceable,
 * {@code CATEGORY:::NAME} for every tracepoint other than the syscalls' ({@code -l 'sched:::*'}). A
 * pattern is a probe description with globs, whose missing trailing parts match anything
 * ({@code fbt::vfs_*:entry}, {@code syscall::open*}), or a bare function or syscall glob
 * ({@code vfs_*}); a pattern starting with {@code tracepoint} lists the tracepoints in bpftrace's
 * spelling, the syscalls' ({@code tracepoint:syscalls:sys_enter_open*}) and every other category's
 * ({@code tracepoint:sched:*}); {@code uprobe:PATH:FUNC} lists the functions of the ELF file PATH.
 * The probes per provider come from {@link ProbeCatalog}.
 */
public final class ProbeLister {
    private final KernelInfo kernel;
    private final PrintWriter out;
    private final PrintWriter err;

    ProbeLister(KernelInfo kernel, PrintWriter out, PrintWriter err) {
        this.kernel = kernel;
        this.out = out;
        this.err = err;
    }

    int list(String pattern) {
        boolean tracepoints = pattern.startsWith("tracepoint");
        Pattern match = Pattern.compile(globToRegex(tracepoints ? pattern : dtraceForm(pattern)));
        ProbeCatalog catalog = new ProbeCatalog(kernel);
        List<String> probes = tracepoints ? catalog.tracepoints() : catalog.dtrace();
        int n = 0;
        for (String probe : probes) {
            if (match.matcher(probe).matches()) {
                out.println(probe);
                n++;
            }
        }
        if (n == 0) {
            err.println("shadowtrace: no probe matches '" + pattern + "'");
            return 1;
        }
        return 0;
    }

    /** Whether {@code pattern} lists user probes ({@link #listUser}), which needs no kernel information. */
    static boolean isUser(String pattern) {
        return pattern.startsWith("uprobe:") || pattern.startsWith("uretprobe:");
    }

    /** {@code uprobe:PATH[:FUNC]}: the functions of one ELF file (a missing FUNC matches all). */
    static int listUser(String pattern, PrintWriter out, PrintWriter err) {
        String[] parts = pattern.split(":", 3);
        String provider = parts[0];
        if (parts.length < 2 || !parts[1].startsWith("/")) {
            err.println("shadowtrace: " + provider + " probes need the file's absolute path: -l '" + provider
                    + ":/bin/bash:*'");
            return 1;
        }
        ElfFunctions elf;
        try {
            elf = ElfFunctions.read(Path.of(parts[1]));
        } catch (IOException e) {
            err.println("shadowtrace: cannot list the functions of " + parts[1] + ": " + e.getMessage());
            return 1;
        }
        Pattern match = Pattern.compile(globToRegex(parts.length == 3 && !parts[2].isEmpty() ? parts[2] : "*"));
        int n = 0;
        for (String function : elf.offsets().keySet()) {
            if (match.matcher(function).matches()) {
                out.println(provider + ":" + parts[1] + ":" + function);
                n++;
            }
        }
        if (n == 0) {
            err.println("shadowtrace: no probe matches '" + pattern + "'");
            return 1;
        }
        return 0;
    }

    /**
     * The pattern as a glob over whole DTrace descriptions: {@code vfs_*} as {@code *:*:vfs_*:*},
     * {@code syscall::open*} as {@code syscall:*:open*:*}, {@code syscall:::entry} as
     * {@code syscall:*:*:entry}: as in DTrace, an empty or missing part matches anything.
     */
    private static String dtraceForm(String pattern) {
        List<String> parts = new ArrayList<>(List.of((pattern.contains(":") ? pattern : "::" + pattern)
                .split(":", -1)));
        while (parts.size() < 4) {
            parts.add("");
        }
        parts.replaceAll(part -> part.isEmpty() ? "*" : part);
        return String.join(":", parts);
    }

    /** Shell globs: {@code *} any run, {@code ?} one character, {@code [...]} a class. */
    public static String globToRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                case '[' -> {
                    int close = glob.indexOf(']', i + 1);
                    if (close < 0) {
                        re.append("\\[");
                    } else {
                        re.append('[').append(glob, i + 1, close).append(']');
                        i = close;
                    }
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.toString();
    }
}
