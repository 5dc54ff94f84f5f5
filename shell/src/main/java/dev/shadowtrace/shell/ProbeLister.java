package dev.shadowtrace.shell;

import dev.shadowtrace.compiler.kernel.KernelInfo;

import java.io.PrintWriter;
import java.util.regex.Pattern;

/**
 * {@code shadowtrace -l [PATTERN]}: the fbt probes of the running kernel, one per line, like
 * {@code bpftrace -l}. A pattern is a probe description with globs ({@code fbt::vfs_*:entry}) or a
 * bare function glob ({@code vfs_*}).
 */
final class ProbeLister {
    private final KernelInfo kernel;
    private final PrintWriter out;
    private final PrintWriter err;

    ProbeLister(KernelInfo kernel, PrintWriter out, PrintWriter err) {
        this.kernel = kernel;
        this.out = out;
        this.err = err;
    }

    int list(String pattern) {
        Pattern match = Pattern.compile(globToRegex(pattern.contains(":") ? pattern : "fbt::" + pattern + ":*"));
        int n = 0;
        for (String function : kernel.traceableFunctions().stream().sorted().toList()) {
            for (String name : new String[] {"entry", "return"}) {
                String probe = "fbt::" + function + ":" + name;
                if (match.matcher(probe).matches()) {
                    out.println(probe);
                    n++;
                }
            }
        }
        if (n == 0) {
            err.println("shadowtrace: no probe matches '" + pattern + "'");
            return 1;
        }
        return 0;
    }

    /** Shell globs: {@code *} any run, {@code ?} one character, {@code [...]} a class. */
    static String globToRegex(String glob) {
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
