package dev.shadowtrace.compiler.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/** The kernel's tracepoints: which exist ({@code CATEGORY:NAME}) and the text of each one's format. */
public interface Tracepoints {

    /** None known. */
    Tracepoints NONE = new Tracepoints() {
        @Override
        public NavigableSet<String> names() {
            return new TreeSet<>();
        }

        @Override
        public Optional<String> format(String category, String name) {
            return Optional.empty();
        }
    };

    /** Every tracepoint as {@code CATEGORY:NAME}, sorted. */
    NavigableSet<String> names();

    /** The text of {@code events/CATEGORY/NAME/format}, if there is such a tracepoint and it can be read. */
    Optional<String> format(String category, String name);

    /** The tracepoints under a tracefs mount: {@code TRACEFS/events/CATEGORY/NAME/format}. */
    static Tracepoints in(Path tracefs) {
        Path events = tracefs.resolve("events");
        return new Tracepoints() {
            @Override
            public NavigableSet<String> names() {
                NavigableSet<String> names = new TreeSet<>();
                try (Stream<Path> categories = Files.list(events)) {
                    for (Path category : categories.filter(Files::isDirectory).toList()) {
                        try (Stream<Path> list = Files.list(category)) {
                            list.filter(e -> Files.exists(e.resolve("format"))).forEach(e ->
                                    names.add(category.getFileName() + ":" + e.getFileName()));
                        }
                    }
                } catch (IOException e) {
                    return names; // no tracefs, or no permission: none known
                }
                return names;
            }

            @Override
            public Optional<String> format(String category, String name) {
                if (category.contains("/") || name.contains("/") || category.startsWith(".") || name.startsWith(".")) {
                    return Optional.empty();
                }
                try {
                    return Optional.of(Files.readString(events.resolve(category).resolve(name).resolve("format")));
                } catch (IOException e) {
                    return Optional.empty();
                }
            }
        };
    }
}
