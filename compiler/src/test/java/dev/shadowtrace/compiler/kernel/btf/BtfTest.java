package dev.shadowtrace.compiler.kernel.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The BTF reader on the host kernel's /sys/kernel/btf/vmlinux (every Debian 12 kernel has one;
 * the test fails without it rather than pass vacuously). What it checks is C's layout of structs
 * that have not changed in years: {@code struct path} is two pointers, {@code struct qstr} a u64
 * hash_len in an anonymous union, then the name pointer.
 */
class BtfTest {
    private static Btf btf;

    @BeforeAll
    static void read() throws IOException {
        btf = Btf.read(Btf.VMLINUX);
    }

    @Test
    void readsTheWholeKernel() {
        assertTrue(btf.size() > 10_000, btf.size() + " types");
        assertEquals(16, btf.sizeOf(btf.composite("struct path").orElseThrow().id()));
        assertEquals(16, btf.sizeOf(btf.composite("struct list_head").orElseThrow().id()));
    }

    @Test
    void membersWithOffsetsAndTypes() throws BtfException {
        BtfType path = btf.composite("struct path").orElseThrow();
        BtfType.Member dentry = btf.member(path, "dentry");
        assertEquals(64, dentry.bitOffset());
        assertEquals("struct dentry *", btf.spell(dentry.type()));
        assertEquals("struct vfsmount *", btf.spell(btf.member(path, "mnt").type()));
    }

    @Test
    void membersOfAnonymousUnionsAreFound() throws BtfException {
        BtfType dentry = btf.composite("struct dentry").orElseThrow();
        BtfType qstr = btf.resolve(btf.member(dentry, "d_name").type());
        assertEquals("struct qstr", btf.spell(qstr.id()));
        assertEquals(0, btf.member(qstr, "hash_len").bitOffset());
        assertEquals(32, btf.member(qstr, "len").bitOffset(), "the struct inside the anonymous union");
        assertEquals(64, btf.member(qstr, "name").bitOffset());
        assertEquals("const unsigned char *", btf.spell(btf.member(qstr, "name").type()));
    }

    @Test
    void unknownMemberIsNamedWithSuggestions() {
        BtfType path = btf.composite("struct path").orElseThrow();
        BtfException e = assertThrows(BtfException.class, () -> btf.member(path, "dentr"));
        assertEquals("struct path has no member 'dentr'; did you mean 'dentry'?", e.getMessage());
        assertEquals("struct path has no member 'xyzzy'",
                assertThrows(BtfException.class, () -> btf.member(path, "xyzzy")).getMessage());
    }

    @Test
    void functionPrototypes() {
        BtfType vfsOpen = btf.prototype("vfs_open").orElseThrow();
        assertEquals(BtfKind.FUNC_PROTO, vfsOpen.kind());
        assertEquals(List.of("path", "file"), vfsOpen.params().stream().map(BtfType.Param::name).toList());
        assertEquals("const struct path *", btf.spell(vfsOpen.params().get(0).type()));
        assertEquals("struct file *", btf.spell(vfsOpen.params().get(1).type()));
        assertEquals("int", btf.spell(vfsOpen.sizeOrType()));
        BtfType vfsRead = btf.prototype("vfs_read").orElseThrow();
        assertEquals("ssize_t", btf.spell(vfsRead.sizeOrType()));
        assertEquals(BtfKind.INT, btf.resolve(vfsRead.sizeOrType()).kind());
        assertTrue(btf.prototype("no_such_function_here").isEmpty());
    }

    @Test
    void rejectsWhatIsNotBtf() {
        assertThrows(IOException.class, () -> Btf.parse(ByteBuffer.wrap(new byte[64])));
    }
}
