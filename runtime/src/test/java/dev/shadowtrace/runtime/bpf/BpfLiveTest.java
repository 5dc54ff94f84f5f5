package dev.shadowtrace.runtime.bpf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shadowtrace.runtime.Errno;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Real bpf(2) calls. They need root (or CAP_BPF + CAP_PERFMON) on Linux x86-64 and are skipped
 * where bpf(2) is denied or missing; the VM harness runs them as root on Linux 6.1.
 */
class BpfLiveTest {

    @BeforeAll
    static void requireBpf() {
        boolean available;
        try (BpfMap probe = BpfMap.create("st_probe", BpfMap.HASH, 4, 4, 1, 0)) {
            available = probe.fd() >= 0;
        } catch (BpfException | UnsupportedOperationException | UnsatisfiedLinkError e) {
            available = false;
        }
        assumeTrue(available, "bpf(2) not usable here (needs root on Linux x86-64)");
    }

    private static byte[] u32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    private static byte[] u64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    /** One {@code struct bpf_insn}: code, dst | src << 4, off (LE), imm (LE). */
    private static void insn(ByteArrayOutputStream out, int code, int dst, int src, int off, int imm) {
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                .put((byte) code).put((byte) (src << 4 | dst)).putShort((short) off).putInt(imm).array());
    }

    @Test
    void hashMapRoundTrip() throws BpfException {
        try (BpfMap map = BpfMap.create("st_hash", BpfMap.HASH, 4, 8, 4, 0)) {
            assertEquals(Optional.empty(), map.lookup(u32(1)));
            map.update(u32(1), u64(100), BpfMap.ANY);
            map.update(u32(2), u64(200), BpfMap.NOEXIST);
            assertArrayEquals(u64(100), map.lookup(u32(1)).orElseThrow());

            Set<Integer> keys = new HashSet<>();
            Optional<byte[]> key = map.nextKey(null);
            while (key.isPresent()) {
                keys.add(ByteBuffer.wrap(key.get()).order(ByteOrder.LITTLE_ENDIAN).getInt());
                key = map.nextKey(key.get());
            }
            assertEquals(Set.of(1, 2), keys);

            BpfException dup = assertThrows(BpfException.class, () -> map.update(u32(2), u64(0), BpfMap.NOEXIST));
            assertEquals(Errno.EEXIST, dup.errno());
            assertEquals("key already exists in map st_hash", dup.getMessage());

            assertTrue(map.delete(u32(1)));
            assertFalse(map.delete(u32(1)));
        }
    }

    @Test
    void fullMapIsReported() throws BpfException {
        try (BpfMap map = BpfMap.create("st_full", BpfMap.HASH, 4, 8, 1, 0)) {
            map.update(u32(1), u64(1), BpfMap.ANY);
            BpfException e = assertThrows(BpfException.class, () -> map.update(u32(2), u64(2), BpfMap.ANY));
            assertEquals(Errno.E2BIG, e.errno());
        }
    }

    @Test
    void perCpuValuesHaveOneSlotPerPossibleCpu() throws BpfException {
        try (BpfMap map = BpfMap.create("st_pcpu", BpfMap.PERCPU_HASH, 8, 8, 16, 0)) {
            int cpus = PossibleCpus.count();
            assertEquals(8 * cpus, map.valueBufferSize());
            ByteBuffer values = ByteBuffer.allocate(8 * cpus).order(ByteOrder.LITTLE_ENDIAN);
            for (int cpu = 0; cpu < cpus; cpu++) {
                values.putLong(cpu + 1);
            }
            map.update(u64(67), values.array(), BpfMap.ANY);
            assertArrayEquals(values.array(), map.lookup(u64(67)).orElseThrow());
        }
    }

    @Test
    void invalidMapParametersAreExplained() {
        BpfException e = assertThrows(BpfException.class, () -> BpfMap.create("st_bad", BpfMap.ARRAY, 8, 8, 1, 0));
        assertEquals(Errno.EINVAL, e.errno());
        assertEquals(BpfCommand.MAP_CREATE, e.command());
    }

    @Test
    void loadsKprobeProgramReferencingAMap() throws BpfException {
        try (BpfMap map = BpfMap.create("st_counts", BpfMap.HASH, 8, 8, 16, 0)) {
            ByteArrayOutputStream code = new ByteArrayOutputStream();
            insn(code, 0x7a, 10, 0, -8, 0);           // *(u64 *)(r10 -8) = 0
            insn(code, 0x18, 1, 1, 0, map.fd());      // r1 = map (ld_imm64, BPF_PSEUDO_MAP_FD)
            insn(code, 0x00, 0, 0, 0, 0);
            insn(code, 0xbf, 2, 10, 0, 0);            // r2 = r10
            insn(code, 0x07, 2, 0, 0, -8);            // r2 += -8
            insn(code, 0x85, 0, 0, 0, 1);             // call bpf_map_lookup_elem#1
            insn(code, 0xb7, 0, 0, 0, 0);             // r0 = 0
            insn(code, 0x95, 0, 0, 0, 0);             // exit
            try (BpfProgram prog = BpfProgram.loadKprobe("st_lookup", code.toByteArray())) {
                assertTrue(prog.fd() >= 0);
            }
        }
    }

    @Test
    void verifierRejectionReturnsTheLog() {
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        insn(code, 0x95, 0, 0, 0, 0); // exit without setting r0
        BpfException e = assertThrows(BpfException.class,
                () -> BpfProgram.loadKprobe("st_bad", code.toByteArray()));
        assertEquals(Errno.EACCES, e.errno());
        assertTrue(e.getMessage().startsWith("the kernel verifier rejected program st_bad:\n"), e.getMessage());
        assertTrue(e.verifierLog().contains("R0 !read_ok"), e.verifierLog());
    }

    @Test
    void closedHandlesRefuseUse() throws BpfException {
        BpfMap map = BpfMap.create("st_closed", BpfMap.HASH, 4, 4, 1, 0);
        map.close();
        map.close();
        assertThrows(IllegalStateException.class, () -> map.lookup(u32(0)));
    }
}
