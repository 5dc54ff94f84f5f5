package dev.shadowtrace.shell.interactive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The running processes, pid to command name, from {@code /proc}: what {@code attach} completes. */
final class Processes {
    private Processes() {}

    static Map<Integer, String> list(Path proc) {
        Map<Integer, String> out = new TreeMap<>();
        try (Stream<Path> entries = Files.list(proc)) {
            entries.forEach(p -> {
                String name = p.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit)) {
                    try {
                        out.put(Integer.parseInt(name), Files.readString(p.resolve("comm")).strip());
                    } catch (IOException | RuntimeException e) {
                        // gone meanwhile, or not ours to read
                    }
                }
            });
        } catch (IOException e) {
            return Map.of();
        }
        return out;
    }
}
