package dev.shadowtrace.shell.output;

import dev.shadowtrace.compiler.user.ElfSymbols;
import dev.shadowtrace.compiler.user.ProcMaps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Names {@code usym()} values: a process's user address, as the function holding it. The address is
 * found in the process's executable mappings ({@code /proc/PID/maps}, read the first time the process
 * is met and kept, so a process that exits later still resolves), its file offset in that file's ELF
 * symbols (read once per path). Printed as bpftrace prints usym: the function's name; the address in
 * hex when no mapping or symbol holds it (a process that exited before it was first printed).
 */
final class UserSymbols {
    private final Path proc;
    private final Map<Long, Optional<ProcMaps>> maps = new HashMap<>();
    private final Map<String, Optional<ElfSymbols>> files = new HashMap<>();

    UserSymbols(Path proc) {
        this.proc = proc;
    }

    /** The name of the function holding {@code address} in process {@code pid}: {@code main}, else {@code 0x...}. */
    String name(long pid, long address) {
        return maps(pid).flatMap(m -> m.executableAt(address)).flatMap(mapping -> symbols(mapping.path())
                        .flatMap(elf -> elf.function(mapping.fileOffset(address))))
                .orElse("0x" + Long.toHexString(address));
    }

    private Optional<ProcMaps> maps(long pid) {
        return maps.computeIfAbsent(pid, p -> {
            try {
                return Optional.of(ProcMaps.parse(Files.readAllLines(proc.resolve(Long.toString(p)).resolve("maps"))));
            } catch (IOException e) {
                return Optional.empty(); // exited, or not ours to read
            }
        });
    }

    private Optional<ElfSymbols> symbols(String path) {
        return files.computeIfAbsent(path, p -> {
            try {
                return Optional.of(ElfSymbols.read(Path.of(p)));
            } catch (IOException | RuntimeException e) {
                return Optional.empty(); // gone, unreadable, or not ELF
            }
        });
    }
}
