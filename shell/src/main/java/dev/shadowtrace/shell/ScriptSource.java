package dev.shadowtrace.shell;

import dev.shadowtrace.lang.diag.SourceFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** A script and the name its error messages use: a file, or {@code <command-line>} for {@code -e}. */
record ScriptSource(String name, String text) {
    static ScriptSource commandLine(String text) {
        return new ScriptSource(SourceFile.COMMAND_LINE, text);
    }

    static ScriptSource file(String path) throws IOException {
        try {
            return new ScriptSource(path, Files.readString(Path.of(path)));
        } catch (NoSuchFileException e) {
            throw new IOException("no such script file: " + path, e);
        }
    }
}
