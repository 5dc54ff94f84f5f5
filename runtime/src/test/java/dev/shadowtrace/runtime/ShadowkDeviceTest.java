package dev.shadowtrace.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Host-side behaviour of the binding: real open(2) failures turned into advice. */
class ShadowkDeviceTest {
    @Test
    void missingDeviceSaysHowToLoadTheModule(@TempDir Path tmp) {
        String path = tmp.resolve("shadowk").toString();
        ShadowkException e = assertThrows(ShadowkException.class, () -> ShadowkDevice.open(path));
        assertEquals(Errno.ENOENT, e.errno());
        assertEquals(path + " not found: load the module with 'insmod kmod/shadowk.ko' (build it first with"
                + " 'make -C kmod'), or run inside the test VM with 'bin/vm -- ...'", e.getMessage());
    }

    @Test
    void aRegularFileRejectsTheVersionRequest(@TempDir Path tmp) throws Exception {
        Path file = Files.createFile(tmp.resolve("not-a-device"));
        try (ShadowkDevice dev = ShadowkDevice.open(file.toString())) {
            ShadowkException e = assertThrows(ShadowkException.class, dev::version);
            assertEquals(Errno.ENOTTY, e.errno());
            assertTrue(e.getMessage().startsWith("the loaded shadowk module does not know the VERSION request"),
                    e.getMessage());
        }
    }

    @Test
    void permissionErrorsTellTheUserToBeRoot() {
        ShadowkException e = ShadowkException.onOpen("/dev/shadowk", Errno.EACCES);
        assertEquals("permission denied opening /dev/shadowk: run as root (the device is 0600 and tracing"
                + " needs CAP_SYS_ADMIN)", e.getMessage());
    }

    @Test
    void cStringStopsAtTheFirstNul() {
        try (com.sun.jna.Memory m = new com.sun.jna.Memory(8)) {
            m.clear();
            m.setString(0, "6.1");
            assertEquals("6.1", ShadowkDevice.cString(m, 0, 8));
            m.write(0, new byte[] {'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'}, 0, 8);
            assertEquals("abcdefgh", ShadowkDevice.cString(m, 0, 8));
        }
    }

    @Test
    void everyDeviceRequestNamesItselfWhenTheModuleDoesNotKnowIt(@TempDir Path tmp) throws Exception {
        Path file = Files.createFile(tmp.resolve("not-a-device"));
        try (ShadowkDevice dev = ShadowkDevice.open(file.toString())) {
            assertUnknown("STATS", assertThrows(ShadowkException.class, dev::stats));
            assertUnknown("LIST", assertThrows(ShadowkException.class, dev::list));
            assertUnknown("CREATE", assertThrows(ShadowkException.class, dev::createShadow));
            assertUnknown("CHECK", assertThrows(ShadowkException.class,
                    () -> dev.check(0xffffffff81000000L, new byte[] {(byte) 0xcc})));
            assertUnknown("VERSION", assertThrows(ShadowkException.class, dev::requireCompatible));
            assertUnknown("CALLERS", assertThrows(ShadowkException.class, () -> dev.callers(0xffffffff81000000L)));
        }
    }

    @Test
    void everyShadowRequestNamesItselfWhenTheModuleDoesNotKnowIt(@TempDir Path tmp) throws Exception {
        Path file = Files.createFile(tmp.resolve("not-a-shadow"));
        try (Shadow shadow = new Shadow(LibC.open(file.toString(), LibC.O_RDWR | LibC.O_CLOEXEC), 7)) {
            assertEquals(7, shadow.id());
            assertUnknown("PATCH", assertThrows(ShadowkException.class,
                    () -> shadow.patch(0xffffffff81000000L, new byte[] {(byte) 0xc3})));
            assertUnknown("BIND", assertThrows(ShadowkException.class, () -> shadow.bind(0, 0)));
            assertUnknown("UNBIND", assertThrows(ShadowkException.class, () -> shadow.unbind(0)));
            assertUnknown("INFO", assertThrows(ShadowkException.class, shadow::info));
            assertUnknown("ATTACH", assertThrows(ShadowkException.class, () -> shadow.attach(List.of(
                    new ProbeRequest(ProbeRequest.Kind.ENTRY, 0xffffffff81000000L, 0, "_stext")), false)));
            assertUnknown("ATTACH", assertThrows(ShadowkException.class, () -> shadow.attach(List.of(
                    new ProbeRequest(ProbeRequest.Kind.ENTRY, 0xffffffff81000000L, 0, "_stext")), true)));
            assertUnknown("DETACH", assertThrows(ShadowkException.class, () -> shadow.detach(1, 2)));
            assertUnknown("PROBES", assertThrows(ShadowkException.class, shadow::probes));
            assertEquals(List.of(), shadow.attach(List.of(), false), "nothing to attach asks nothing");
        }
    }

    private static void assertUnknown(String request, ShadowkException e) {
        assertEquals(Errno.ENOTTY, e.errno());
        assertTrue(e.getMessage().startsWith("the loaded shadowk module does not know the " + request + " request"),
                e.getMessage());
    }

    @Test
    void closingAShadowClosesItsDescriptor(@TempDir Path tmp) throws Exception {
        Path file = Files.createFile(tmp.resolve("not-a-shadow"));
        Shadow shadow = new Shadow(LibC.open(file.toString(), LibC.O_RDWR | LibC.O_CLOEXEC), 1);
        Path fdLink = Path.of("/proc/self/fd/" + shadow.fd());
        assertTrue(Files.exists(fdLink, java.nio.file.LinkOption.NOFOLLOW_LINKS));
        shadow.close();
        assertFalse(Files.exists(fdLink, java.nio.file.LinkOption.NOFOLLOW_LINKS));
        shadow.close(); // idempotent
        IllegalStateException e = assertThrows(IllegalStateException.class, shadow::info);
        assertEquals("shadow 1 handle already closed", e.getMessage());
    }

    @Test
    void patchLengthIsCheckedBeforeAsking(@TempDir Path tmp) throws Exception {
        Path file = Files.createFile(tmp.resolve("not-a-device"));
        try (ShadowkDevice dev = ShadowkDevice.open(file.toString())) {
            ShadowkException tooLong = assertThrows(ShadowkException.class,
                    () -> dev.check(0xffffffff81000000L, new byte[ShadowkAbi.PATCH_MAX + 1]));
            assertEquals("patch at 0xffffffff81000000: 65 bytes is more than a patch may have (64)",
                    tooLong.getMessage());
            assertEquals(Errno.EINVAL, tooLong.errno());
            assertEquals("patch at 0xffffffff81000000: no bytes to write", assertThrows(ShadowkException.class,
                    () -> dev.check(0xffffffff81000000L, new byte[0])).getMessage());
        }
    }

    @Test
    void bindRejectsUnknownFlagsAndNegativePids(@TempDir Path tmp) throws Exception {
        Path file = Files.createFile(tmp.resolve("not-a-shadow"));
        try (Shadow shadow = new Shadow(LibC.open(file.toString(), LibC.O_RDWR | LibC.O_CLOEXEC), 1)) {
            assertEquals("unknown binding flags 0x20",
                    assertThrows(IllegalArgumentException.class, () -> shadow.bind(1, 0x20)).getMessage());
            assertEquals("pid must not be negative: -1",
                    assertThrows(IllegalArgumentException.class, () -> shadow.bind(-1, 0)).getMessage());
        }
    }

    @Test
    void anOlderModuleIsNamedIncompatible() {
        assertEquals("the loaded shadowk module speaks ABI 1 and this tool ABI " + ShadowkAbi.ABI_VERSION
                + ": rebuild and reload the module from this checkout (make -C kmod && rmmod shadowk && insmod"
                + " kmod/shadowk.ko)", ShadowkDevice.incompatible(1).getMessage());
    }
}
