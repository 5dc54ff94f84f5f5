package dev.shadowtrace.shell.interactive;

import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.NonBlockingReader;

import java.io.IOException;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * {@code watch @n [SECONDS]}: like watch(1), clears the screen and draws a frame (the map as
 * {@code print} shows it) every interval, until a key is pressed or Ctrl-C; the key is consumed.
 */
final class Watch {
    /** One frame's text. */
    interface Frame {
        String draw() throws ShellError;
    }

    private static final long POLL_MILLIS = 100;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private Watch() {}

    /**
     * @param lines {@code --json}: each frame is printed below the last (JSON lines), without a
     *     header and without clearing the screen
     */
    static void run(Terminal terminal, String what, double seconds, boolean lines, Frame frame) throws ShellError {
        long interval = Math.round(seconds * 1000);
        boolean[] stop = {false};
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, s -> stop[0] = true);
        Attributes saved = terminal.enterRawMode();
        try {
            NonBlockingReader keys = terminal.reader();
            while (!stop[0]) {
                String text = frame.draw();
                if (lines) {
                    terminal.writer().print(text.replace("\n", "\r\n"));
                } else {
                    terminal.puts(Capability.clear_screen);
                    terminal.writer().print("Every " + format(seconds) + "s: " + what + "   "
                            + LocalTime.now().format(CLOCK) + "   (any key stops)\n"
                            + text.replace("\n", "\r\n"));
                }
                terminal.flush();
                long end = System.currentTimeMillis() + interval;
                for (long left = interval; left > 0 && !stop[0]; left = end - System.currentTimeMillis()) {
                    int c = keys.read(Math.min(POLL_MILLIS, left));
                    if (c != NonBlockingReader.READ_EXPIRED) {
                        stop[0] = true;
                    }
                }
            }
        } catch (IOException e) {
            throw new ShellError("shadowtrace: watch: " + e.getMessage());
        } finally {
            terminal.setAttributes(saved);
            terminal.handle(Terminal.Signal.INT, previous);
            terminal.writer().println();
            terminal.flush();
        }
    }

    private static String format(double seconds) {
        return seconds == Math.rint(seconds) ? String.valueOf((long) seconds) : String.valueOf(seconds);
    }
}
