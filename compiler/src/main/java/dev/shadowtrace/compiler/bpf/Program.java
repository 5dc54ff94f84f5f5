package dev.shadowtrace.compiler.bpf;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An assembled eBPF program: instruction slots with jump offsets resolved, the map relocations
 * still symbolic.
 *
 * @param insns the instruction slots (an ld_imm64 takes two)
 * @param mapRefs which ld_imm64 slots load which map's fd
 * @param boundedLoops whether the program declares bounded loops, i.e. may jump backwards (the
 *     kernel allows this for CAP_BPF programs since 5.3, verifying that every loop terminates)
 */
public record Program(List<Insn> insns, List<MapRef> mapRefs, boolean boundedLoops) {

    public Program {
        insns = List.copyOf(insns);
        mapRefs = List.copyOf(mapRefs);
    }

    /** Number of 8-byte slots, the kernel's {@code insn_cnt}. */
    public int length() {
        return insns.size();
    }

    public Insn insn(int index) {
        return insns.get(index);
    }

    /** The map loaded by the ld_imm64 at {@code index}, or null if there is no relocation there. */
    public String mapNameAt(int index) {
        for (MapRef ref : mapRefs) {
            if (ref.insnIndex() == index) {
                return ref.mapName();
            }
        }
        return null;
    }

    /** The names of all maps the program references, in order of first use. */
    public Set<String> mapNames() {
        Set<String> names = new LinkedHashSet<>();
        mapRefs.forEach(ref -> names.add(ref.mapName()));
        return names;
    }

    /**
     * Encodes the program as the array of {@code struct bpf_insn} that {@code BPF_PROG_LOAD}
     * expects, with each map reference's imm set to that map's file descriptor.
     *
     * @param mapFds file descriptor of every map in {@link #mapNames()}
     */
    public byte[] encode(Map<String, Integer> mapFds) {
        byte[] out = new byte[insns.size() * Insn.BYTES];
        for (int i = 0; i < insns.size(); i++) {
            insns.get(i).writeTo(out, i * Insn.BYTES);
        }
        for (MapRef ref : mapRefs) {
            Integer fd = mapFds.get(ref.mapName());
            if (fd == null) {
                throw new IllegalArgumentException(
                        "no file descriptor for map '" + ref.mapName() + "' (insn " + ref.insnIndex() + ")");
            }
            Insn load = insns.get(ref.insnIndex());
            new Insn(load.code(), load.dst(), load.src(), load.off(), fd)
                    .writeTo(out, ref.insnIndex() * Insn.BYTES);
        }
        return out;
    }
}
