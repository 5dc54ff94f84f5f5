package dev.shadowtrace.shell.interactive;

import dev.shadowtrace.compiler.user.ElfFunctions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code uprobe:PATH:FUNC} (or {@code uretprobe:}): first the file, an absolute path completed a
 * directory at a time (directories end with {@code /}, regular files with {@code :}), then the
 * functions of that ELF file, as {@code -l 'uprobe:PATH:*'} lists them.
 */
final class UprobeCompletion implements ProbeCompletion {
    private final String prefix;

    /** @param provider {@code uprobe} or {@code uretprobe} */
    UprobeCompletion(String provider) {
        this.prefix = provider + ":";
    }

    @Override
    public List<String> prefixes() {
        return List.of(prefix);
    }

    @Override
    public List<String> complete(String token) {
        String rest = token.substring(prefix.length());
        if (rest.isEmpty()) {
            return List.of(prefix + "/");
        }
        int colon = rest.indexOf(':');
        if (colon >= 0) {
            return functions(rest.substring(0, colon), rest.substring(colon + 1));
        }
        return files(rest);
    }

    private List<String> functions(String path, String typed) {
        try {
            ElfFunctions elf = ElfFunctions.read(Path.of(path));
            return ProbeCompletion.matching(elf.offsets().keySet(), typed).map(f -> prefix + path + ":" + f).toList();
        } catch (IOException | RuntimeException e) {
            return List.of(); // not an ELF file: nothing to offer
        }
    }

    private List<String> files(String typed) {
        if (!typed.startsWith("/")) {
            return List.of(); // uprobes need an absolute path
        }
        int slash = typed.lastIndexOf('/');
        Path dir = Path.of(typed.substring(0, slash + 1));
        String name = typed.substring(slash + 1);
        List<String> out = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            List<Path> sorted = entries.sorted().toList();
            List<String> names = sorted.stream().map(p -> p.getFileName().toString()).toList();
            List<String> kept = ProbeCompletion.matching(names, name).toList();
            for (Path p : sorted) {
                String n = p.getFileName().toString();
                if (!kept.contains(n)) {
                    continue;
                }
                if (Files.isDirectory(p)) {
                    out.add(prefix + dir.resolve(n) + "/");
                } else if (Files.isRegularFile(p)) {
                    out.add(prefix + dir.resolve(n) + ":");
                }
            }
        } catch (IOException | RuntimeException e) {
            return List.of(); // no such directory, or not readable
        }
        return out;
    }
}
