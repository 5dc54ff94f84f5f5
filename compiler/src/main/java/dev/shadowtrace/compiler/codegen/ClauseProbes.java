package dev.shadowtrace.compiler.codegen;

import dev.shadowtrace.compiler.kernel.ProbeSite;
import dev.shadowtrace.lang.ast.ProbeDescription;
import dev.shadowtrace.lang.ast.ProbeKind;
import dev.shadowtrace.lang.diag.SourcePos;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** What {@code probefunc} and {@code probename} are in the program of one clause. */
final class ClauseProbes {
    private final List<ProbeSite> sites;
    private final List<String> names;
    private final ProbeNameTable nameTable;

    ClauseProbes(List<ProbeSite> sites, ProbeNameTable nameTable) {
        this.sites = List.copyOf(sites);
        this.names = sites.stream().map(ProbeSite::probe).map(ClauseProbes::probeName).distinct().toList();
        this.nameTable = nameTable;
    }

    /** The probe name DTrace gives: {@code entry}, {@code return}, or the offset in hex ({@code 1c}). */
    static String probeName(ProbeDescription probe) {
        return probe.kind() == ProbeKind.OFFSET ? Long.toHexString(probe.offset()) : probe.name();
    }

    List<ProbeSite> sites() {
        return sites;
    }

    /** The function's address if every site is in the same function, so probefunc is a constant. */
    OptionalLong functionAddress() {
        List<Long> functions = sites.stream().map(ClauseProbes::functionAddress).distinct().toList();
        return functions.size() == 1 ? OptionalLong.of(functions.get(0)) : OptionalLong.empty();
    }

    /** The function name if every site is in the same function. */
    Optional<String> function() {
        return functionAddress().isPresent() ? Optional.of(sites.get(0).function()) : Optional.empty();
    }

    /** The site addresses in the function called {@code name}: the values of ctx->ip there. */
    List<Long> siteAddresses(String name) {
        return sites.stream().filter(s -> s.function().equals(name)).map(ProbeSite::address).toList();
    }

    /** The clause's probe name, for probename used at {@code use}; all its probes must have the same name. */
    String probeName(SourcePos use) {
        if (names.size() != 1) {
            throw new CompileError(use, "probename differs between the probes of this clause ("
                    + String.join(", ", names) + ")", Optional.of("give each probe its own clause"));
        }
        return names.get(0);
    }

    /** The id of the clause's probe name in the script's {@link ProbeNameTable}. */
    int probeNameId(SourcePos use) {
        return nameTable.id(probeName(use));
    }

    private static long functionAddress(ProbeSite site) {
        return site.kind() == ProbeKind.OFFSET ? site.address() - site.probe().offset() : site.address();
    }
}
