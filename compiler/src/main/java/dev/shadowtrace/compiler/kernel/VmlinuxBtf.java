package dev.shadowtrace.compiler.kernel;

import dev.shadowtrace.compiler.kernel.btf.Btf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Optional;

/** The running kernel's BTF, read from {@link Btf#VMLINUX} at most once per JVM (it is several MB). */
final class VmlinuxBtf {
    private static Optional<Btf> btf;

    private VmlinuxBtf() {}

    /** @throws UncheckedIOException if the file exists but cannot be read or parsed */
    static synchronized Optional<Btf> get() {
        if (btf == null) {
            try {
                btf = Files.isReadable(Btf.VMLINUX) ? Optional.of(Btf.read(Btf.VMLINUX)) : Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + Btf.VMLINUX + ": " + e.getMessage(), e);
            }
        }
        return btf;
    }
}
