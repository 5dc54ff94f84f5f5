package dev.shadowtrace.shell.interactive;

import dev.shadowtrace.compiler.kernel.CallerSuggestion;
import dev.shadowtrace.compiler.kernel.KernelInfo;
import dev.shadowtrace.compiler.kernel.SyscallTable;
import dev.shadowtrace.runtime.session.TraceException;
import dev.shadowtrace.runtime.session.TraceSession;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code shadowtrace} without a script: a JLine prompt on one session ({@link ShellSession}).
 * Emacs keys, Ctrl-R, history in {@code ~/.shadowtrace_history}; Enter continues the input while a
 * brace is open. Ctrl-C clears the line, stops a {@code watch} or a command started with {@code
 * run}, never the shell; {@code quit} or Ctrl-D leave it, detaching everything. SIGTERM does the
 * same through a shutdown hook; if the process is killed, the kernel closes the shadow's
 * descriptor, which detaches the probes too.
 */
public final class InteractiveShell {
    /**
     * Where the session starts, and how.
     *
     * @param pids    {@code -p}: processes to attach at once, or none
     * @param command {@code -c}: what {@code run} without arguments runs, or empty
     * @param cgroup  {@code --cgroup}: a cgroup whose processes are attached, now and as they join, or null
     * @param device  the module's device
     * @param union   {@code -U}: kernel probes also fire outside process context
     * @param verbose {@code -v}: each clause's attach is reported
     * @param json    {@code --json}: print, watch and the clauses' output as JSON lines
     */
    public record Options(List<Integer> pids, List<String> command, String cgroup, String device, boolean union,
            boolean verbose, boolean json) {
        public Options {
            pids = List.copyOf(pids);
            command = List.copyOf(command);
        }
    }

    static final String PROMPT = "shadowtrace> ";
    static final String HISTORY = ".shadowtrace_history";

    static final String HELP = """
            Type a clause to attach it:  fbt::vfs_read:entry { @n = count(); }
            (Enter continues the input while a brace is open; Tab completes.)
            BEGIN { ... } runs at once; END { ... } at detach and when the shell ends;
            tick-1s { ... } (or interval:s:1) every second until removed. uprobe:PATH:FUNC and
            profile:hz:N clauses attach to the attached processes (and to those of 'run').
              clauses               the attached clauses and their hits
              remove N              detach clause N (and stop its timers)
              attach PID...         trace these running processes too (the first one attached
                                    in the session is $target, as for -p)
              run [CMD ARGS]        run a command traced, in the foreground (Ctrl-C stops it)
              detach                run END clauses, stop tracing the attached processes
              print @n              print a map;  clear @n  sets its values to zero
              watch @n [SECONDS]    redraw a map every SECONDS (default 1) until a key is pressed
              stats                 probes, hits, skipped hits, pages copied
              help                  this text
              quit                  leave (or Ctrl-D): everything is detached
            """;

    private final Terminal terminal;
    private final LineReader reader;
    private final ShellSession session;
    private final EventPump pump;
    private final List<String> defaultCommand;
    private boolean closed;

    private InteractiveShell(Terminal terminal, LineReader reader, ShellSession session, List<String> defaultCommand) {
        this.terminal = terminal;
        this.reader = reader;
        this.session = session;
        this.defaultCommand = defaultCommand;
        this.pump = new EventPump(session.trace()::events, session.output(), this::showAbove);
    }

    /** Runs the shell until quit, Ctrl-D or SIGTERM; returns the exit status. */
    public static int open(KernelInfo kernel, Options options, PrintWriter err) throws IOException {
        TraceSession trace;
        try {
            trace = TraceSession.open(options.device(), new CallerSuggestion(kernel), m -> {
                err.println("shadowtrace: " + m);
                err.flush();
            });
        } catch (TraceException e) {
            err.println(e.text());
            return 1;
        }
        ShellSession session = new ShellSession(trace, kernel, new ShellSession.Flags(options.union(),
                options.verbose(), options.json()));
        try {
            if (!options.pids().isEmpty()) {
                session.attach(options.pids());
            }
            if (options.cgroup() != null) {
                session.follow(options.cgroup());
            }
        } catch (ShellError e) {
            session.close();
            err.println(e.getMessage());
            return 1;
        }
        Terminal terminal = TerminalBuilder.builder().system(true).nativeSignals(true).build();
        terminal.handle(Terminal.Signal.INT, s -> { }); // outside readLine, Ctrl-C must not end the JVM
        LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("shadowtrace")
                .parser(new ShellParser())
                .completer(new ShellCompleter(ProbeCompletion.all(kernelNames(kernel)), session.output()::names,
                        () -> Processes.list(Path.of("/proc"))))
                .completionMatcher(new GlobMatcher())
                .variable(LineReader.HISTORY_FILE, Path.of(System.getProperty("user.home"), HISTORY))
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, "%P > ") // blanks under the prompt, then "> "
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // '!' is D's not, not history
                .build();
        InteractiveShell shell = new InteractiveShell(terminal, reader, session, options.command());
        session.showTimersWith(shell::showAbove);
        Thread hook = new Thread(shell::close, "shadowtrace-shell-exit");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            shell.loop();
        } finally {
            shell.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // a SIGTERM arrived meanwhile: the hook runs, and finds the shell closed
            }
        }
        return 0;
    }

    /** The running kernel's functions, syscalls and tracepoints, as Tab offers them: read once, at the first Tab that needs them. */
    private static ProbeCompletion.KernelNames kernelNames(KernelInfo kernel) {
        return new ProbeCompletion.KernelNames() {
            private TreeSet<String> functions;
            private TreeSet<String> syscalls;
            private TreeSet<String> tracepoints;

            @Override
            public synchronized Collection<String> functions() {
                if (functions == null) {
                    functions = new TreeSet<>(kernel.traceableFunctions());
                }
                return functions;
            }

            @Override
            public synchronized Collection<String> syscalls() {
                if (syscalls == null) {
                    SyscallTable table = new SyscallTable(kernel);
                    syscalls = table.names().stream().filter(table::isTraceable)
                            .collect(Collectors.toCollection(TreeSet::new));
                }
                return syscalls;
            }

            @Override
            public synchronized Collection<String> tracepoints() {
                if (tracepoints == null) {
                    tracepoints = new TreeSet<>(kernel.tracepoints().names());
                }
                return tracepoints;
            }
        };
    }

    private void loop() {
        PrintWriter out = terminal.writer();
        if (!session.trace().bound().isEmpty() || session.following()) {
            out.println("attached " + session.trace().bound() + session.target().stream()
                    .mapToObj(p -> " ($target is " + p + ")").findFirst().orElse("") + "; type a clause, or 'help'");
        } else {
            out.println("no process attached: 'attach PID' or 'run CMD'; type a clause, or 'help'");
        }
        while (true) {
            String line;
            try {
                line = reader.readLine(PROMPT);
            } catch (UserInterruptException e) {
                continue; // Ctrl-C: the line is dropped
            } catch (EndOfFileException e) {
                return; // Ctrl-D
            }
            ShellCommand command;
            try {
                command = ShellCommand.parse(line);
            } catch (IllegalArgumentException e) {
                show(e.getMessage() + "\n");
                continue;
            }
            if (command instanceof ShellCommand.Quit) {
                return;
            }
            try {
                show(execute(command));
            } catch (ShellError e) {
                show(e.getMessage().endsWith("\n") ? e.getMessage() : e.getMessage() + "\n");
            } catch (RuntimeException e) { // a bug must not take the session, and its probes, down with it
                show("shadowtrace: internal error: " + e + "\n");
            }
        }
    }

    private String execute(ShellCommand command) throws ShellError {
        if (command instanceof ShellCommand.Clause c) {
            return session.add(c.text());
        } else if (command instanceof ShellCommand.Clauses) {
            return session.clauses();
        } else if (command instanceof ShellCommand.Remove r) {
            return session.remove(r.number());
        } else if (command instanceof ShellCommand.Attach a) {
            return session.attach(a.pids());
        } else if (command instanceof ShellCommand.Detach) {
            return session.detach();
        } else if (command instanceof ShellCommand.Run r) {
            return run(r.command());
        } else if (command instanceof ShellCommand.Print p) {
            return session.print(p.map());
        } else if (command instanceof ShellCommand.Clear c) {
            return session.clear(c.map());
        } else if (command instanceof ShellCommand.Watch w) {
            return watch(w);
        } else if (command instanceof ShellCommand.Stats) {
            return session.stats();
        } else if (command instanceof ShellCommand.Help) {
            return HELP;
        }
        return ""; // Empty; Quit is handled by the loop
    }

    private String run(List<String> command) throws ShellError {
        List<String> argv = command.isEmpty() ? defaultCommand : command;
        if (argv.isEmpty()) {
            throw new ShellError("usage: run CMD [ARGS...] (without arguments: the -c command, and none was given)");
        }
        terminal.flush();
        int status = session.run(argv);
        return status == 0 ? "" : "[" + String.join(" ", argv) + ": exit status " + status + "]\n";
    }

    private String watch(ShellCommand.Watch w) throws ShellError {
        session.requireMap(w.map());
        Watch.run(terminal, "print " + w.map(), w.seconds(), session.output().json(), () -> session.print(w.map()));
        return "";
    }

    private void show(String text) {
        terminal.writer().print(text);
        terminal.flush();
    }

    /** Output of the event thread: above the line being typed. */
    private void showAbove(String text) {
        reader.printAbove(text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
    }

    /** Detaches everything and restores the terminal; once, from quit or from the shutdown hook. */
    private synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        String end = session.finish();
        pump.close();
        session.close();
        if (!end.isEmpty()) {
            show(end);
        }
        try {
            reader.getHistory().save();
        } catch (IOException e) {
            // the history is a convenience
        }
        try {
            terminal.close();
        } catch (IOException e) {
            // nothing left to restore
        }
    }
}
