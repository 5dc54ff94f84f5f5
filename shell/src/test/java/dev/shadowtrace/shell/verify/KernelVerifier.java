package dev.shadowtrace.shell.verify;

import dev.shadowtrace.compiler.CompiledScript;
import dev.shadowtrace.compiler.ProbeProgram;
import dev.shadowtrace.compiler.bpf.MapSpec;
import dev.shadowtrace.runtime.bpf.BpfException;
import dev.shadowtrace.runtime.bpf.BpfMap;
import dev.shadowtrace.runtime.bpf.BpfProgram;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads a compiled script's programs into the running kernel, so that its verifier judges them:
 * creates every map, patches the map fds into each program and loads it as a kprobe program
 * (nothing is attached), then closes everything.
 */
final class KernelVerifier {
    private KernelVerifier() {}

    static List<ProgramVerdict> verify(CompiledScript script) {
        List<BpfMap> maps = new ArrayList<>();
        try {
            Map<String, Integer> fds = new HashMap<>();
            for (MapSpec spec : script.maps()) {
                BpfMap map = BpfMap.create(spec.name(), spec.type().kernelId(), spec.keySize(), spec.valueSize(),
                        spec.maxEntries(), spec.flags());
                maps.add(map);
                fds.put(spec.name(), map.fd());
            }
            return script.programs().stream().map(p -> load(p, fds)).toList();
        } catch (BpfException e) {
            return script.programs().stream()
                    .map(p -> ProgramVerdict.refused(p, "maps not created: " + e.getMessage(), "")).toList();
        } finally {
            maps.forEach(BpfMap::close);
        }
    }

    private static ProgramVerdict load(ProbeProgram program, Map<String, Integer> fds) {
        int type = program.isProfile() ? BpfProgram.PERF_EVENT
                : program.isTracepoint() ? BpfProgram.TRACEPOINT : BpfProgram.KPROBE;
        try (BpfProgram loaded = BpfProgram.load(program.name(), type, program.program().encode(fds), "GPL")) {
            return ProgramVerdict.loaded(program);
        } catch (BpfException e) {
            return ProgramVerdict.refused(program, e.getMessage().lines().findFirst().orElse(""), e.verifierLog());
        }
    }
}
