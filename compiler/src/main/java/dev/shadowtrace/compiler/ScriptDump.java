package dev.shadowtrace.compiler;

import dev.shadowtrace.compiler.bpf.Disassembler;
import dev.shadowtrace.compiler.bpf.MapSpec;
import dev.shadowtrace.compiler.kernel.ProbeSite;
import dev.shadowtrace.compiler.layout.EventFormat;
import dev.shadowtrace.compiler.layout.MapDescriptor;
import dev.shadowtrace.lang.ast.ProbeDescription;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The readable form of a {@link CompiledScript}, as {@code shadowtrace -S} prints it. */
final class ScriptDump {
    /** Sites listed per program; a glob may match thousands. */
    static final int MAX_SITES_SHOWN = 10;

    private final StringBuilder out = new StringBuilder();

    private ScriptDump() {}

    static String of(CompiledScript script) {
        ScriptDump dump = new ScriptDump();
        dump.header(script);
        script.programs().forEach(dump::program);
        script.scopePrograms().forEach(dump::scopeProgram);
        script.tracerClauses().forEach(dump::tracerClause);
        dump.maps(script);
        dump.layouts(script);
        dump.formats(script);
        return dump.out.toString();
    }

    private void header(CompiledScript script) {
        line("; %s compiled for Linux %s (%s)", script.source(), script.kernelRelease(),
                script.btf() ? "BTF" : "no BTF");
    }

    private void program(ProbeProgram p) {
        line("");
        line("clause %d: %s", p.clauseNumber(), p.probes());
        line("program %s: %d insns, %d %s", p.name(), p.program().length(), p.sites().size(),
                p.sites().size() == 1 ? "site" : "sites");
        List<ProbeSite> shown = p.sites().subList(0, Math.min(MAX_SITES_SHOWN, p.sites().size()));
        shown.forEach(site -> line("  site %s", site));
        if (p.sites().size() > shown.size()) {
            line("  ... and %d more sites", p.sites().size() - shown.size());
        }
        out.append(Disassembler.dump(p.program()));
    }

    private void scopeProgram(ScopeProgram p) {
        line("");
        line("no clause: %s", p.purpose());
        line("program %s: %d insns, 1 site", p.name(), p.program().length());
        line("  site tracepoint %s id %d", p.tracepoint().fullName(), p.tracepoint().id());
        out.append(Disassembler.dump(p.program()));
    }

    private void tracerClause(TracerClause t) {
        line("");
        line("clause %d: %s: runs in the tracer", t.clauseNumber(),
                t.probes().stream().map(ProbeDescription::text).collect(Collectors.joining(", ")));
    }

    private void maps(CompiledScript script) {
        line("");
        line("maps:");
        for (MapSpec m : script.maps()) {
            line("  %-15s %-11s key %3d  value %4d  entries %d", m.name(), m.type().name(), m.keySize(),
                    m.valueSize(), m.maxEntries());
        }
    }

    private void layouts(CompiledScript script) {
        if (script.globals().fields().isEmpty() && script.threadLocals().fields().isEmpty()
                && script.mapDescriptors().isEmpty()) {
            return;
        }
        line("");
        line("layouts:");
        if (!script.globals().fields().isEmpty()) {
            line("  globals value %s", script.globals());
        }
        if (!script.threadLocals().fields().isEmpty()) {
            line("  self    key tid (u64), value %s", script.threadLocals());
        }
        for (MapDescriptor m : script.mapDescriptors()) {
            line("  %s -> %s, %s", m.name(), m.spec().name(), m.valueType());
            line("    key   %s%s", m.key(), m.histogram().isPresent() ? ", bucket u64 @0" : "");
            line("    value %s%s", m.value(), m.aggregation().isPresent() ? " per CPU" : "");
        }
    }

    private void formats(CompiledScript script) {
        if (!script.probeNames().isEmpty()) {
            line("");
            line("probe names: %s", String.join(", ", script.probeNames()));
        }
        if (script.formats().isEmpty()) {
            return;
        }
        line("");
        line("events: {u32 format, u32 size, payload}");
        for (EventFormat f : script.formats()) {
            StringBuilder text = new StringBuilder(f.action().name().toLowerCase(Locale.ROOT));
            f.map().ifPresent(m -> text.append(' ').append(m));
            f.format().ifPresent(s -> text.append(' ').append(quote(s)));
            line("  %d %s payload %s", f.id(), text, f.payload());
        }
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\"", "\\\"") + '"';
    }

    private void line(String format, Object... args) {
        out.append(String.format(format, args)).append('\n');
    }
}
