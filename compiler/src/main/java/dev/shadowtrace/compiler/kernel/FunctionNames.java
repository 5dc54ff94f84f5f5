package dev.shadowtrace.compiler.kernel;

import java.util.regex.Pattern;

/** How probe function names match kernel symbols. */
public final class FunctionNames {
    /**
     * Suffixes GCC and clang append to a function they cloned with a changed calling convention
     * ({@code .isra.N}, {@code .constprop.N}) or renamed for LTO ({@code .llvm.N}). Not {@code .part.N}
     * or {@code .cold}: those are pieces split off a function, not its entry.
     */
    private static final Pattern CLONE_SUFFIX = Pattern.compile("(\\.(isra|constprop|llvm)\\.\\d+)+");

    private FunctionNames() {}

    /** Whether {@code symbol} is {@code name} with clone suffixes, e.g. {@code foo.isra.0} for {@code foo}. */
    public static boolean isCloneOf(String symbol, String name) {
        return symbol.startsWith(name) && CLONE_SUFFIX.matcher(symbol.substring(name.length())).matches();
    }

    /** A shell-style glob ({@code *}, {@code ?}, {@code [abc]}, {@code [!abc]}) as a regular expression. */
    public static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            int close = c == '[' ? glob.indexOf(']', i + 2) : -1;
            if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else if (close > 0) {
                String set = glob.substring(i + 1, close);
                regex.append('[').append(set.startsWith("!") ? "^" + set.substring(1) : set).append(']');
                i = close;
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
