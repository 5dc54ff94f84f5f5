package dev.shadowtrace.shell.trace;

import dev.shadowtrace.lang.ast.ProbeDescription;
import dev.shadowtrace.lang.diag.Diagnostic;
import dev.shadowtrace.lang.diag.SourceFile;
import dev.shadowtrace.runtime.ProbeResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What an ATTACH batch means for the user. A refused function that the script names is an error
 * at its name in the script; so is a glob of which no function could be probed, and any failure
 * that is not about the place (no room, no permission). Functions a glob matched but that cannot
 * be probed are skipped, with one warning per glob and reason:
 *
 * <pre>
 * shadowtrace: fbt::vfs_*:entry: skipped 2 of 57 functions: in entry or noinstr text, or on the
 *     kprobe blacklist: ... (vfs_a, vfs_b)
 * </pre>
 */
final class AttachReport {
    /** A skip warning lists at most this many of the functions skipped. */
    static final int NAMES_SHOWN = 5;

    private final List<Diagnostic> errors = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    private final Map<Long, ProbePlan.Probe> byId = new LinkedHashMap<>();

    private record Outcome(ProbePlan.Probe probe, ProbeResult result) {}

    AttachReport(ProbePlan plan, List<ProbeResult> results, SourceFile source) {
        if (results.size() != plan.probes().size()) {
            throw new IllegalArgumentException(results.size() + " results for " + plan.probes().size() + " probes");
        }
        Map<ProbeDescription, List<Outcome>> byDescription = new LinkedHashMap<>();
        for (int i = 0; i < results.size(); i++) {
            Outcome o = new Outcome(plan.probes().get(i), results.get(i));
            if (o.result().attached()) {
                byId.put(o.result().id(), o.probe());
            }
            for (var site : o.probe().sites()) {
                List<Outcome> list = byDescription.computeIfAbsent(site.probe(), d -> new ArrayList<>());
                if (!list.contains(o)) {
                    list.add(o);
                }
            }
        }
        byDescription.forEach((description, outcomes) -> judge(description, outcomes, source));
    }

    private void judge(ProbeDescription description, List<Outcome> outcomes, SourceFile source) {
        List<Outcome> refused = outcomes.stream().filter(o -> o.result().refused()).toList();
        if (refused.isEmpty()) {
            return;
        }
        if (!description.isGlob()) {
            for (Outcome o : refused) {
                errors.add(source.error(description.functionPos(), o.result().error().getMessage()));
            }
            return;
        }
        Map<String, List<Outcome>> byReason = refused.stream().collect(Collectors.groupingBy(
                o -> o.result().error().reason(), LinkedHashMap::new, Collectors.toList()));
        boolean noneAttached = outcomes.stream().noneMatch(o -> o.result().attached());
        boolean anyFailure = refused.stream().anyMatch(o -> !o.result().error().refusal());
        if (noneAttached || anyFailure) {
            String reasons = byReason.entrySet().stream()
                    .map(e -> count(e.getValue().size()) + ": " + e.getKey() + " (" + names(e.getValue()) + ")")
                    .collect(Collectors.joining("; "));
            String what = noneAttached ? "no function matching '" + description.function() + "' could be probed"
                    : "cannot attach " + description.text();
            errors.add(source.error(description.functionPos(), what + ": " + reasons));
            return;
        }
        byReason.forEach((reason, list) -> skipped.add(description.text() + ": skipped " + list.size() + " of "
                + outcomes.size() + " functions: " + reason + " (" + names(list) + ")"));
    }

    private static String count(int n) {
        return n == 1 ? "1 function" : n + " functions";
    }

    private static String names(List<Outcome> outcomes) {
        String shown = outcomes.stream().limit(NAMES_SHOWN).map(o -> o.probe().where())
                .collect(Collectors.joining(", "));
        return outcomes.size() > NAMES_SHOWN ? shown + ", ..." : shown;
    }

    /** The errors that stop the trace, rendered with their place in the script; empty if none. */
    Optional<String> error() {
        if (errors.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(errors.stream().map(Diagnostic::render).collect(Collectors.joining("\n")));
    }

    /** One line per glob and reason of the functions that were skipped. */
    List<String> skipped() {
        return List.copyOf(skipped);
    }

    /** The attached probes by their id in the shadow. */
    Map<Long, ProbePlan.Probe> attached() {
        return byId;
    }
}
