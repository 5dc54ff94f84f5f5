package dev.shadowtrace.runtime.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowtrace.compiler.CompiledScript;
import dev.shadowtrace.compiler.kernel.CallerSuggestion;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The session's seams that need no module: opening, and what an attach hands back. */
class TraceSessionTest {
    @Test
    void aMissingDeviceIsReportedBeforeAnythingElse(@TempDir Path dir) throws Exception {
        String device = dir.resolve("shadowk").toString();
        List<String> warnings = new ArrayList<>();
        TraceException e = assertThrows(TraceException.class,
                () -> TraceSession.open(device, new CallerSuggestion(Fixture.kernel()), warnings::add));
        assertTrue(e.text().contains(device), e.text());
        assertFalse(e.located(), e.text());
        assertEquals(List.of(), warnings);
    }

    @Test
    void attachedKeepsItsProbesInPlanOrderAndCannotBeChanged() throws Exception {
        CompiledScript script = Fixture.compile("fbt::vfs_read:entry, fbt::vfs_write:entry { @n = count(); }");
        List<ProbePlan.Probe> planned = ProbePlan.of(script).probes();
        assertEquals(2, planned.size());
        Map<Long, ProbePlan.Probe> byId = new LinkedHashMap<>();
        byId.put(9L, planned.get(0));
        byId.put(3L, planned.get(1));
        TraceSession.Attached attached = new TraceSession.Attached(byId, List.of("skipped one"));
        byId.clear();
        assertEquals(List.of(9L, 3L), List.copyOf(attached.probeIds()));
        assertEquals("vfs_read", attached.probes().get(9L).where());
        assertThrows(UnsupportedOperationException.class, () -> attached.probes().remove(9L));
        assertThrows(UnsupportedOperationException.class, () -> attached.skipped().add("x"));
    }
}
