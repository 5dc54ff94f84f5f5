package dev.shadowtrace.shell.interactive;

/** A command failed; the message is the complete text to show (a located diagnostic, or one sentence). */
final class ShellError extends Exception {
    ShellError(String text) {
        super(text);
    }
}
