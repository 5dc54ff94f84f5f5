package dev.shadowtrace.compiler;

import dev.shadowtrace.compiler.bpf.MapSpec;
import dev.shadowtrace.compiler.layout.EventFormat;
import dev.shadowtrace.compiler.layout.Layout;
import dev.shadowtrace.compiler.layout.MapDescriptor;

import java.util.List;

/**
 * A script compiled for one kernel: what the runtime installs and how it reads the results.
 *
 * @param source         the script's name ({@code SourceFile.name()})
 * @param kernelRelease  the kernel it was compiled for
 * @param btf            whether that kernel has BTF
 * @param programs       one per clause with kernel probes, in script order
 * @param maps           every BPF map the programs and the runtime use; create them all before
 *                       loading the programs
 * @param formats        the event records the programs send to the {@code events} ring buffer
 * @param probeNames     what {@code probename} values index
 * @param tracerClauses  the BEGIN, END and timer clauses, for the runtime to execute
 * @param mapDescriptors the script's aggregations and plain maps: BPF map, key and value layouts
 * @param globals        the layout of the {@code globals} array's one value
 * @param threadLocals   the layout of a {@code self} hash value
 * @param scopePrograms  the programs of no clause that keep the tracepoint scope following the traced
 *                       processes' children; empty without tracepoint clauses
 */
public record CompiledScript(String source, String kernelRelease, boolean btf, List<ProbeProgram> programs,
                             List<MapSpec> maps, List<EventFormat> formats, List<String> probeNames,
                             List<TracerClause> tracerClauses, List<MapDescriptor> mapDescriptors,
                             Layout globals, Layout threadLocals, List<ScopeProgram> scopePrograms) {

    public CompiledScript {
        programs = List.copyOf(programs);
        maps = List.copyOf(maps);
        formats = List.copyOf(formats);
        probeNames = List.copyOf(probeNames);
        tracerClauses = List.copyOf(tracerClauses);
        mapDescriptors = List.copyOf(mapDescriptors);
        scopePrograms = List.copyOf(scopePrograms);
    }

    /** The text {@code shadowtrace -S} prints: programs with sites and disassembly, maps, layouts, formats. */
    public String dump() {
        return ScriptDump.of(this);
    }
}
