package dev.shadowtrace.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shadowtrace.compiler.kernel.KernelInfo;
import dev.shadowtrace.compiler.kernel.btf.Btf;
import dev.shadowtrace.lang.Lang;
import dev.shadowtrace.lang.diag.ScriptException;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The kernel's BTF is read only by a compile that needs types, and then once (parsing it is a large part of a start). */
class BtfReadOnDemandTest {
    /** The fixture kernel, counting how often its BTF is asked for. */
    private static final class CountingKernel implements KernelInfo {
        int btfReads;

        @Override
        public String release() {
            return Fixtures.KERNEL.release();
        }

        @Override
        public boolean hasBtf() {
            return Fixtures.KERNEL.hasBtf();
        }

        @Override
        public NavigableMap<String, List<Long>> textFunctions() {
            return Fixtures.KERNEL.textFunctions();
        }

        @Override
        public Set<String> traceableFunctions() {
            return Fixtures.KERNEL.traceableFunctions();
        }

        @Override
        public Optional<Btf> btf() {
            btfReads++;
            return Fixtures.KERNEL.btf();
        }
    }

    private static int btfReads(String script) throws ScriptException {
        CountingKernel kernel = new CountingKernel();
        new ScriptCompiler(kernel).compile(Lang.parseAndCheck("test.d", script));
        return kernel.btfReads;
    }

    @Test
    void untypedScriptsDoNotReadBtf() throws ScriptException {
        assertEquals(0, btfReads("fbt::vfs_read:entry { @n = count(); @a[arg2] = sum(arg2); }"
                + " fbt::vfs_read:return { @r = sum(retval); }"));
    }

    @Test
    void typedScriptsReadItOnce() throws ScriptException {
        assertEquals(1, btfReads("fbt::vfs_read:entry { @c[args->count] = count(); @f[args->file->f_flags] = count(); }"
                + " fbt::vfs_read:entry { @b[args->buf] = count(); }"));
    }
}
