package dev.shadowtrace.runtime.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowtrace.compiler.CompiledScript;
import dev.shadowtrace.compiler.kernel.CallerSuggestion;
import dev.shadowtrace.compiler.kernel.KernelInfo;
import dev.shadowtrace.compiler.kernel.KernelWithCallersOf;
import dev.shadowtrace.runtime.Errno;
import dev.shadowtrace.runtime.ProbeRequest;
import dev.shadowtrace.runtime.ProbeResult;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** From a script's probes to one ATTACH batch, and from the module's answers to what the user reads. */
class AttachReportTest {
    private static ProbePlan plan(String script) throws Exception {
        return ProbePlan.of(Fixture.compile(script));
    }

    /** The module's answers: {@code errnoOf} gives each probe's errno, 0 to attach it with the next id. */
    private static List<ProbeResult> answer(ProbePlan plan, Function<ProbePlan.Probe, Integer> errnoOf) {
        List<ProbeResult> results = new ArrayList<>();
        long id = 1;
        for (ProbePlan.Probe p : plan.probes()) {
            int errno = errnoOf.apply(p);
            ProbeRequest r = p.request(3, false);
            results.add(errno == 0 ? new ProbeResult(r, id++, p.address() + 4, 0) : new ProbeResult(r, 0, 0, errno));
        }
        return results;
    }

    /** The fixture kernel with a made-up call graph; counts the questions. */
    private static final class CallGraph extends KernelWithCallersOf {
        /** Who calls whom among the fixture's functions, made up; vfs_caches_init has no ftrace site. */
        private static final Map<String, List<String>> CALLERS = Map.of(
                "vfs_write", List.of("vfs_caches_init", "vfs_iter_write", "vfs_write", "vfs_writev"),
                "vfs_writev", List.of("vfs_truncate"),
                "vfs_fstat", List.of("vfs_caches_init"),
                "vfs_caches_init", List.of("vfs_fstatat"));

        final List<String> asked = new ArrayList<>();

        CallGraph(KernelInfo kernel) {
            super(kernel);
        }

        @Override
        public List<String> callersOf(String function) {
            asked.add(function);
            return CALLERS.getOrDefault(function, List.of());
        }
    }

    /** A kernel that knows nobody's callers, as symbol tables from files. */
    private static CallerSuggestion noCallers() throws Exception {
        return new CallerSuggestion(Fixture.kernel());
    }

    private static AttachReport report(ProbePlan plan, List<ProbeResult> results, String text) throws Exception {
        return new AttachReport(plan, results, Fixture.source(text), noCallers());
    }

    /** The report on {@code text} when the module answers each probe with {@code errnoOf}. */
    private static AttachReport refused(String text, Function<ProbePlan.Probe, Integer> errnoOf, KernelInfo kernel)
            throws Exception {
        ProbePlan plan = ProbePlan.of(Fixture.compile(text));
        return new AttachReport(plan, answer(plan, errnoOf), Fixture.source(text), new CallerSuggestion(kernel));
    }

    @Test
    void aNamedFunctionTheModuleMustNotProbeNamesItsNearestTraceableCallers() throws Exception {
        String text = "fbt::vfs_write:entry { @ = count(); }";
        CallGraph kernel = new CallGraph(Fixture.kernel());
        AttachReport report = refused(text, p -> Errno.EACCES, kernel);
        assertEquals("<command-line>:1:6: error: entry probe on vfs_write: in entry or noinstr text, or on the kprobe"
                + " blacklist: this code must never be probed; probe a caller instead: fbt::vfs_iter_write:entry or"
                + " fbt::vfs_writev:entry\n" + text + "\n     ^", report.error().orElseThrow());
        assertTrue(report.error().orElseThrow().contains("; " + new CallerSuggestion(kernel)
                .suggest(List.of("vfs_write"), "entry").orElseThrow() + "\n"), "the compiler's words");
        assertTrue(report.attached().isEmpty());
    }

    @Test
    void callersOnTheKprobeBlacklistAreNotSuggested() throws Exception {
        String text = "fbt::vfs_write:entry { @ = count(); }";
        AttachReport report = refused(text, p -> Errno.EACCES, new CallGraph(Fixture.kernelWithBlacklist()));
        assertTrue(report.error().orElseThrow().startsWith("<command-line>:1:6: error: entry probe on vfs_write: in"
                + " entry or noinstr text, or on the kprobe blacklist: this code must never be probed; probe a caller"
                + " instead: fbt::vfs_iter_write:entry\n"), report.error().orElseThrow());
    }

    @Test
    void aReturnProbeOnAFunctionWithoutFtraceSiteAfterAllLooksFurtherUp() throws Exception {
        String text = "BEGIN { }\nfbt::vfs_fstat:return { @ = count(); }";
        AttachReport report = refused(text, p -> Errno.ENOENT, new CallGraph(Fixture.kernel()));
        assertEquals("<command-line>:2:6: error: return probe on vfs_fstat: has no ftrace site (notrace or inlined):"
                + " probe a caller 2 levels up instead: fbt::vfs_fstatat:return\nfbt::vfs_fstat:return { @ = count(); }"
                + "\n     ^", report.error().orElseThrow());
    }

    @Test
    void functionsThisBatchCouldNotProbeAreNotSuggested() throws Exception {
        String text = "fbt::vfs_write:entry { @ = count(); } fbt::vfs_*:entry { @w = count(); }";
        CallGraph kernel = new CallGraph(Fixture.kernel());
        AttachReport report = refused(text,
                p -> p.where().equals("vfs_write") || p.where().equals("vfs_writev") ? Errno.EACCES : 0, kernel);
        assertEquals("<command-line>:1:6: error: entry probe on vfs_write: in entry or noinstr text, or on the kprobe"
                + " blacklist: this code must never be probed; probe a caller instead: fbt::vfs_iter_write:entry\n"
                + text + "\n     ^", report.error().orElseThrow(), "vfs_writev was refused too, for the glob");
        assertEquals(List.of("vfs_write"), kernel.asked, "the glob's refusals are only summed up");
    }

    @Test
    void otherRefusalsAndOffsetProbesDoNotAskForCallers() throws Exception {
        CallGraph kernel = new CallGraph(Fixture.kernel());
        String busy = "fbt::vfs_write:entry { @ = count(); }";
        AttachReport report = refused(busy, p -> Errno.EBUSY, kernel);
        assertTrue(report.error().orElseThrow().startsWith("<command-line>:1:6: error: entry probe on vfs_write: its"
                + " ftrace site overlaps"), report.error().orElseThrow());
        String offset = "fbt::vfs_write+0x4 { @ = count(); }";
        report = refused(offset, p -> Errno.EACCES, kernel);
        assertTrue(report.error().orElseThrow().startsWith("<command-line>:1:6: error: offset probe at vfs_write+0x4:"
                + " in entry or noinstr text, or on the kprobe blacklist: this code must never be probed; probe a"
                + " caller\n"), report.error().orElseThrow());
        String glob = "fbt::vfs_*:entry { @ = count(); }";
        report = refused(glob, p -> p.where().equals("vfs_write") ? Errno.EACCES : 0, kernel);
        assertTrue(report.error().isEmpty());
        assertTrue(report.skipped().get(0).endsWith("this code must never be probed; probe a caller (vfs_write)"),
                report.skipped().get(0));
        assertEquals(List.of(), kernel.asked);
    }

    @Test
    void everyProgramAtEverySiteOfItsClause() throws Exception {
        CompiledScript script = Fixture.compile("fbt::vfs_read:entry, fbt::vfs_write:return { @ = count(); }"
                + " fbt::vfs_read:return { @r = count(); }");
        ProbePlan plan = ProbePlan.of(script);
        assertEquals(3, plan.probes().size());
        assertFalse(plan.bestEffort(), "named functions are all or nothing");
        List<ProbeRequest> requests = plan.requests(new int[] {10, 11}, false);
        assertEquals(ProbeRequest.Kind.ENTRY, requests.get(0).kind());
        assertEquals("vfs_read", requests.get(0).where());
        assertEquals(10, requests.get(0).progFd());
        assertEquals(ProbeRequest.Kind.RETURN, requests.get(1).kind());
        assertEquals("vfs_write", requests.get(1).where());
        assertEquals(11, requests.get(2).progFd());
        assertFalse(requests.get(0).union(), "no union fallback unless asked");
        assertTrue(plan.requests(new int[] {10, 11}, true).stream().allMatch(ProbeRequest::union),
                "-U: every probe asks for the union fallback");
        assertEquals(script.programs().get(0).sites().get(0).address(), requests.get(0).address(),
                "the function's address: the module finds its ftrace site");
    }

    @Test
    void aFunctionTwoProbesOfAClauseMatchIsProbedOnce() throws Exception {
        ProbePlan plan = plan("fbt::vfs_read:entry, fbt::vfs_rea*:entry { @ = count(); }");
        assertTrue(plan.bestEffort());
        assertEquals(1, plan.probes().stream().filter(p -> p.where().equals("vfs_read")).count());
        ProbePlan.Probe read = plan.probes().stream().filter(p -> p.where().equals("vfs_read")).findFirst().orElseThrow();
        assertEquals("fbt::vfs_read:entry", read.description().text(), "reported where it is named");
        assertFalse(read.fromGlobsOnly());
    }

    @Test
    void aRefusedNamedFunctionIsAnErrorAtItsName() throws Exception {
        String text = "fbt::vfs_read:entry { @ = count(); }";
        ProbePlan plan = ProbePlan.of(Fixture.compile(text));
        AttachReport report = report(plan, answer(plan, p -> Errno.ENOENT), text);
        assertEquals("<command-line>:1:6: error: entry probe on vfs_read: has no ftrace site (notrace or inlined):"
                + " probe a caller\n" + text + "\n     ^", report.error().orElseThrow());
        assertTrue(report.attached().isEmpty());
    }

    @Test
    void anOffsetProbeOnAnInstructionThatCannotRunOutOfLineIsAnErrorAtItsName() throws Exception {
        String text = "fbt::vfs_read+0x4 { @ = count(); }";
        ProbePlan plan = ProbePlan.of(Fixture.compile(text));
        assertEquals(ProbeRequest.Kind.OFFSET, plan.probes().get(0).kind());
        assertEquals("vfs_read+0x4", plan.probes().get(0).where());
        AttachReport report = report(plan, answer(plan, p -> Errno.EOPNOTSUPP), text);
        assertTrue(report.error().orElseThrow().startsWith("<command-line>:1:6: error: offset probe at vfs_read+0x4:"
                + " the instruction there cannot be run out of line"), report.error().orElseThrow());
        assertTrue(report.error().orElseThrow().contains("probe the next instruction, or the function's entry"),
                report.error().orElseThrow());
    }

    @Test
    void anOffsetProbeNextToAGlobIsStillAnErrorWhenRefused() throws Exception {
        String text = "fbt::vfs_read+0x4 { @ = count(); } fbt::vfs_read*:entry { @e = count(); }";
        ProbePlan plan = ProbePlan.of(Fixture.compile(text));
        assertTrue(plan.bestEffort());
        AttachReport report = report(plan, answer(plan,
                p -> p.kind() == ProbeRequest.Kind.OFFSET ? Errno.EBUSY : 0), text);
        assertTrue(report.error().orElseThrow().startsWith("<command-line>:1:6: error: offset probe at vfs_read+0x4:"
                + " the instruction has a BUG/WARN or exception-table entry"), report.error().orElseThrow());
        assertTrue(report.skipped().isEmpty());
    }

    @Test
    void withTheUnionFallbackOffsetProbesAreRefusedAtEachOneBeforeAttaching() throws Exception {
        String text = "fbt::vfs_read:entry { @ = count(); } fbt::vfs_read+0x4 { @o = count(); }";
        TraceException e = org.junit.jupiter.api.Assertions.assertThrows(TraceException.class,
                () -> ProbePlan.requireUnionFallback(Fixture.compile(text), Fixture.source(text)));
        assertTrue(e.located());
        assertEquals("<command-line>:1:38: error: offset probe fbt::vfs_read+0x4 cannot fire outside process"
                + " context: the union fallback (-U) applies to entry and return probes only\n" + text + "\n"
                + " ".repeat(37) + "^\nhint: trace without -U, or probe the function's entry or return instead",
                e.getMessage());
        ProbePlan.requireUnionFallback(Fixture.compile("fbt::vfs_read:entry, fbt::vfs_write:return { @ = count(); }"),
                Fixture.source(""));
    }

    @Test
    void globsSkipWhatCannotBeProbedGroupedByReason() throws Exception {
        String text = "fbt::vfs_*:entry { @ = count(); }";
        ProbePlan plan = ProbePlan.of(Fixture.compile(text));
        int total = plan.probes().size();
        assertTrue(total > 10, "the fixture has " + total + " vfs_ functions");
        AttachReport report = report(plan, answer(plan, p -> switch (p.where()) {
            case "vfs_read", "vfs_write" -> Errno.EACCES;
            case "vfs_open" -> Errno.ENOENT;
            default -> 0;
        }), text);
        assertTrue(report.error().isEmpty(), report.error().orElse(""));
        assertEquals(List.of(
                "fbt::vfs_*:entry: skipped 1 of " + total + " functions: has no ftrace site (notrace or inlined):"
                        + " probe a caller (vfs_open)",
                "fbt::vfs_*:entry: skipped 2 of " + total + " functions: in entry or noinstr text, or on the kprobe"
                        + " blacklist: this code must never be probed; probe a caller (vfs_read, vfs_write)"),
                report.skipped().stream().sorted().toList());
        assertEquals(total - 3, report.attached().size());
    }

    @Test
    void aGlobOfWhichNothingCouldBeProbedIsAnError() throws Exception {
        String text = "fbt::vfs_read*:entry { @ = count(); }";
        ProbePlan plan = ProbePlan.of(Fixture.compile(text));
        AttachReport report = report(plan, answer(plan, p -> Errno.EACCES), text);
        assertTrue(report.error().orElseThrow().startsWith("<command-line>:1:6: error: no function matching"
                + " 'vfs_read*' could be probed: 3 functions: in entry or noinstr text"), report.error().orElseThrow());
    }

    @Test
    void aFailureThatIsNotAboutThePlaceStopsAGlobToo() throws Exception {
        String text = "fbt::vfs_read*:entry { @ = count(); }";
        ProbePlan plan = ProbePlan.of(Fixture.compile(text));
        AttachReport report = report(plan, answer(plan, p -> p.where().equals("vfs_readv") ? Errno.ENOSPC : 0), text);
        assertTrue(report.error().orElseThrow().startsWith("<command-line>:1:6: error: cannot attach"
                + " fbt::vfs_read*:entry: 1 function: the module is full"), report.error().orElseThrow());
    }

    @Test
    void probesOfAFailedAllOrNothingBatchAreNeitherAttachedNorReported() throws Exception {
        String text = "fbt::vfs_read:entry { @ = count(); } fbt::vfs_write:entry { @w = count(); }";
        ProbePlan plan = ProbePlan.of(Fixture.compile(text));
        List<ProbeResult> results = List.of(
                new ProbeResult(plan.probes().get(0).request(3, false), 0, 0, 0),
                new ProbeResult(plan.probes().get(1).request(4, false), 0, 0, Errno.EBUSY));
        AttachReport report = report(plan, results, text);
        String error = report.error().orElseThrow();
        assertTrue(error.startsWith("<command-line>:1:43: error: entry probe on vfs_write: its ftrace site overlaps"),
                error);
        assertEquals(1, error.split("error:", -1).length - 1, error);
        assertTrue(report.attached().isEmpty());
    }
}
