package dev.shadowtrace.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

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
}
