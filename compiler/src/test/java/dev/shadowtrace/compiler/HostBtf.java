package dev.shadowtrace.compiler;

import dev.shadowtrace.compiler.kernel.btf.Btf;
import dev.shadowtrace.compiler.kernel.btf.BtfException;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The host kernel's BTF (/sys/kernel/btf/vmlinux), read once for the tests that lay out kernel data by it. */
final class HostBtf {
    private static Btf btf;

    private HostBtf() {}

    static synchronized Btf vmlinux() {
        if (btf == null) {
            try {
                btf = Btf.read(Btf.VMLINUX);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return btf;
    }

    /** The byte offset of {@code member} in {@code composite} ("struct task_struct"). */
    static long offset(String composite, String member) throws BtfException {
        Btf b = vmlinux();
        return b.member(b.composite(composite).orElseThrow(), member).bitOffset() / 8;
    }
}
