package dev.shadowtrace.runtime.session;

import dev.shadowtrace.compiler.kernel.CallerSuggestion;
import dev.shadowtrace.compiler.kernel.ProbeSite;
import dev.shadowtrace.lang.ast.ProbeDescription;
import dev.shadowtrace.lang.diag.Diagnostic;
import dev.shadowtrace.lang.diag.SourceFile;
import dev.shadowtrace.runtime.Errno;
import dev.shadowtrace.runtime.ProbeRequest;
import dev.shadowtrace.runtime.ProbeResult;
import dev.shadowtrace.runtime.ShadowkException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What an ATTACH batch means for the user. A refused function that the script names is an error
 * at its name in the script; so is a glob of which no function could be probed, and any failure
 * that is not about the place (no room, no permission). When the module refuses an entry or return
 * probe on a named function because it must never be probed (EACCES: entry or noinstr text, kprobe
 * blacklist) or has no ftrace site after all (ENOENT), the error names its nearest traceable
 * callers, as the compiler does for a function without an ftrace site; none that this batch found
 * unprobeable. Functions a glob matched but that cannot be probed are skipped, with one warning per
 * glob and reason:
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
    private final CallerSuggestion callers;
    /** The functions of this batch that cannot be probed at entry or return, whatever the program. */
    private final Set<String> unprobeable;

    private record Outcome(ProbePlan.Probe probe, ProbeResult result) {
        /** Whether the refusal advises probing a caller, and so may say which. */
        boolean callerAdvised() {
            return probe.kind() != ProbeRequest.Kind.OFFSET
                    && (result.errno() == Errno.EACCES || result.errno() == Errno.ENOENT);
        }
    }

    /** The report of {@code results}, the module's answers to {@code plan}'s requests; {@code callers} suggests. */
    AttachReport(ProbePlan plan, List<ProbeResult> results, SourceFile source, CallerSuggestion callers) {
        if (results.size() != plan.probes().size()) {
            throw new IllegalArgumentException(results.size() + " results for " + plan.probes().size() + " probes");
        }
        this.callers = callers;
        List<Outcome> all = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            all.add(new Outcome(plan.probes().get(i), results.get(i)));
        }
        this.unprobeable = all.stream().filter(Outcome::callerAdvised).map(o -> o.probe().where())
                .collect(Collectors.toUnmodifiableSet());
        Map<ProbeDescription, List<Outcome>> byDescription = new LinkedHashMap<>();
        ProbeDescription last = null;
        List<Outcome> lastOutcomes = null;
        for (Outcome o : all) {
            if (o.result().attached()) {
                byId.put(o.result().id(), o.probe());
            }
            // Each outcome once per description it serves. Linear in the sites: fbt::*:entry gives
            // 37000 probes of one description, one after the other, so the last description's list
            // is reused rather than hashed again (a record's hash is slow in a JVM without its
            // optimizing compiler, as bin/shadowtrace runs it).
            List<ProbeSite> sites = o.probe().sites();
            for (int i = 0; i < sites.size(); i++) {
                ProbeDescription d = sites.get(i).probe();
                if (!servedBefore(sites, i)) {
                    if (d != last) {
                        last = d;
                        lastOutcomes = byDescription.computeIfAbsent(d, x -> new ArrayList<>());
                    }
                    lastOutcomes.add(o);
                }
            }
        }
        byDescription.forEach((description, outcomes) -> judge(description, outcomes, source));
    }

    /** Whether a site before {@code sites[i]} serves the same description (then it is counted there). */
    private static boolean servedBefore(List<ProbeSite> sites, int i) {
        for (int j = 0; j < i; j++) {
            if (sites.get(j).probe().equals(sites.get(i).probe())) {
                return true;
            }
        }
        return false;
    }

    private void judge(ProbeDescription description, List<Outcome> outcomes, SourceFile source) {
        List<Outcome> refused = outcomes.stream().filter(o -> o.result().refused()).toList();
        if (refused.isEmpty()) {
            return;
        }
        if (!description.isGlob()) {
            Optional<String> instead = callersInstead(refused);
            for (Outcome o : refused) {
                ShadowkException e = o.callerAdvised() && instead.isPresent() ? o.result().error(instead.get())
                        : o.result().error();
                errors.add(source.error(description.functionPos(), e.getMessage()));
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

    /**
     * The callers to probe instead of the functions of one named description that the module
     * refused for good ({@link Outcome#callerAdvised}), in the compiler's words: {@code probe a
     * caller instead: fbt::a:entry or fbt::b:entry}; empty if there are none (or none is near).
     */
    private Optional<String> callersInstead(List<Outcome> refused) {
        List<Outcome> advised = refused.stream().filter(Outcome::callerAdvised).toList();
        if (advised.isEmpty()) {
            return Optional.empty();
        }
        List<String> functions = advised.stream().map(o -> o.probe().where()).distinct().toList();
        return callers.suggest(functions, advised.get(0).probe().kind().label(), unprobeable);
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
