package dev.shadowtrace.shell;

import dev.shadowtrace.shell.shadowk.ShadowkMain;

import picocli.AutoComplete;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.function.UnaryOperator;

/**
 * Bash completion scripts for {@code shadowtrace} and {@code shadowk}, generated from the same
 * picocli definitions as their help and man pages ({@code tools/package} runs it). For
 * {@code shadowtrace}, the pattern after {@code -l}/{@code --list} completes to the running
 * kernel's probe names, through {@code shadowtrace -l PREFIX*}.
 */
public final class Completions {
    /** Wraps picocli's completion function: probe names after -l, picocli's answer everywhere else. */
    static final String PROBE_NAMES = """

            # Probe names after -l/--list, from the running kernel (shadowtrace -l 'PREFIX*').
            # Probe names hold colons, which bash splits words at: bash-completion's helpers undo that.
            function _shadowtrace_with_probes() {
              local cur prev
              if declare -F _get_comp_words_by_ref >/dev/null; then
                _get_comp_words_by_ref -n : cur prev
              else
                cur=${COMP_WORDS[COMP_CWORD]}; prev=${COMP_WORDS[COMP_CWORD-1]}
              fi
              case "$prev" in
              -l|--list)
                local IFS=$'\\n'
                COMPREPLY=( $(compgen -W "$(shadowtrace -l "${cur}*" 2>/dev/null | head -n 5000)" -- "$cur") )
                declare -F __ltrim_colon_completions >/dev/null && __ltrim_colon_completions "$cur"
                return 0 ;;
              esac
              _complete_shadowtrace "$@"
            }
            complete -F _shadowtrace_with_probes -o default shadowtrace
            """;

    private Completions() {
    }

    /** The completion script for {@code tool}: {@code shadowtrace} or {@code shadowk}. */
    static String script(String tool) {
        PrintWriter sink = new PrintWriter(PrintWriter.nullWriter());
        return switch (tool) {
            case "shadowtrace" -> AutoComplete.bash(tool,
                    new CommandLine(new Main(sink, sink, UnaryOperator.identity()))) + PROBE_NAMES;
            case "shadowk" -> AutoComplete.bash(tool, ShadowkMain.commandLine(sink, sink));
            default -> throw new IllegalArgumentException("no completion for '" + tool + "': shadowtrace or shadowk");
        };
    }

    /** {@code java -cp shadowtrace.jar dev.shadowtrace.shell.Completions TOOL}: prints TOOL's script. */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: Completions shadowtrace|shadowk");
            System.exit(2);
        }
        System.out.print(script(args[0]));
    }
}
