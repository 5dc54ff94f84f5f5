package dev.shadowtrace.shell.interactive;

import dev.shadowtrace.shell.trace.Tracer;

import java.util.ArrayList;
import java.util.List;

/**
 * One line (or, while braces are open, several) typed at the shell's prompt. Input whose first
 * word is a command name is that command; anything else is a clause to attach.
 */
sealed interface ShellCommand {
    /** The command names, as completion offers them. */
    List<String> NAMES = List.of("attach", "clauses", "clear", "detach", "help", "print", "quit", "remove", "run",
            "stats", "watch");

    /** A clause to compile and attach: {@code fbt::vfs_read:entry { @n = count(); }}. */
    record Clause(String text) implements ShellCommand {}

    /** {@code clauses}: the attached clauses and their hits. */
    record Clauses() implements ShellCommand {}

    /** {@code remove N}: detaches clause N. */
    record Remove(int number) implements ShellCommand {}

    /** {@code attach PID...}: binds running processes. */
    record Attach(List<Integer> pids) implements ShellCommand {}

    /** {@code run [CMD ARGS]}: runs a command bound, in the foreground; without one, the {@code -c} command. */
    record Run(List<String> command) implements ShellCommand {}

    /** {@code detach}: unbinds every attached process. */
    record Detach() implements ShellCommand {}

    /** {@code print @n}. */
    record Print(String map) implements ShellCommand {}

    /** {@code clear @n}: every value to zero, keys kept, as clear(@n). */
    record Clear(String map) implements ShellCommand {}

    /** {@code watch @n [SECONDS]}: redraws the map every interval until a key is pressed. */
    record Watch(String map, double seconds) implements ShellCommand {}

    /** {@code stats}. */
    record Stats() implements ShellCommand {}

    /** {@code help}. */
    record Help() implements ShellCommand {}

    /** {@code quit} (or {@code exit}, Ctrl-D). */
    record Quit() implements ShellCommand {}

    /** Nothing typed. */
    record Empty() implements ShellCommand {}

    /** The default interval of {@code watch}. */
    double WATCH_SECONDS = 1;

    /**
     * The command {@code input} is.
     *
     * @throws IllegalArgumentException with the usage of the command, when its arguments are wrong
     */
    static ShellCommand parse(String input) {
        String line = input.strip();
        if (line.isEmpty()) {
            return new Empty();
        }
        String[] words = line.split("\\s+");
        List<String> args = List.of(words).subList(1, words.length);
        return switch (words[0]) {
            case "clauses" -> noArgs(args, new Clauses(), "clauses");
            case "remove" -> new Remove(number(one(args, "remove N"), "remove N"));
            case "attach" -> new Attach(pids(args));
            case "run" -> new Run(Tracer.Options.commandWords(line.substring("run".length()).strip()));
            case "detach" -> noArgs(args, new Detach(), "detach");
            case "print" -> new Print(map(one(args, "print @name")));
            case "clear" -> new Clear(map(one(args, "clear @name")));
            case "watch" -> watch(args);
            case "stats" -> noArgs(args, new Stats(), "stats");
            case "help", "?" -> new Help();
            case "quit", "exit" -> noArgs(args, new Quit(), words[0]);
            default -> new Clause(line);
        };
    }

    private static ShellCommand noArgs(List<String> args, ShellCommand command, String usage) {
        if (!args.isEmpty()) {
            throw new IllegalArgumentException("usage: " + usage + " (no arguments)");
        }
        return command;
    }

    private static String one(List<String> args, String usage) {
        if (args.size() != 1) {
            throw new IllegalArgumentException("usage: " + usage);
        }
        return args.get(0);
    }

    private static int number(String word, String usage) {
        try {
            int n = Integer.parseInt(word);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("usage: " + usage + " (N is a clause number, as 'clauses' lists them)");
    }

    /** {@code @n}; {@code n} is taken for {@code @n}, {@code @} is the anonymous map. */
    private static String map(String word) {
        String name = word.startsWith("@") ? word : "@" + word;
        if (!name.matches("@[A-Za-z_0-9]*")) {
            throw new IllegalArgumentException("not a map name: " + word + " (maps are named like @n, or @ alone)");
        }
        return name;
    }

    private static List<Integer> pids(List<String> args) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("usage: attach PID...");
        }
        List<Integer> pids = new ArrayList<>();
        for (String a : args) {
            pids.add(number(a, "attach PID..."));
        }
        return List.copyOf(pids);
    }

    private static ShellCommand watch(List<String> args) {
        String usage = "watch @name [SECONDS]";
        if (args.isEmpty() || args.size() > 2) {
            throw new IllegalArgumentException("usage: " + usage);
        }
        double seconds = WATCH_SECONDS;
        if (args.size() == 2) {
            try {
                seconds = Double.parseDouble(args.get(1));
            } catch (NumberFormatException e) {
                seconds = -1;
            }
            if (!(seconds >= 0.1 && seconds <= 3600)) {
                throw new IllegalArgumentException("usage: " + usage + " (SECONDS from 0.1 to 3600)");
            }
        }
        return new Watch(map(args.get(0)), seconds);
    }
}
