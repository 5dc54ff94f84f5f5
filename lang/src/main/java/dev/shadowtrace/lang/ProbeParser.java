package dev.shadowtrace.lang;

import dev.shadowtrace.lang.ast.ProbeDescription;
import dev.shadowtrace.lang.ast.ProbeKind;
import dev.shadowtrace.lang.diag.Diagnostics;
import dev.shadowtrace.lang.diag.SourcePos;
import dev.shadowtrace.lang.diag.Suggest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the text of one probe description (a PROBE token) into a {@link ProbeDescription}, or
 * reports what is wrong with it at the exact column. The accepted spellings are listed in
 * {@link #FORMS}.
 */
final class ProbeParser {

    static final String FORMS = "fbt::FUNC:entry, fbt::FUNC:return, fbt::FUNC+OFFSET, kprobe:FUNC, "
            + "kprobe:FUNC+OFFSET, kretprobe:FUNC, syscall::NAME:entry, syscall::NAME:return, "
            + "tracepoint:syscalls:sys_enter_NAME, tracepoint:syscalls:sys_exit_NAME, tracepoint:CATEGORY:NAME, CATEGORY:::NAME, uprobe:PATH:FUNC, uprobe:PATH:FUNC+OFFSET, "
            + "uretprobe:PATH:FUNC, pid$target::FUNC:entry, pid$target::FUNC:OFFSET, pid$target:LIB:FUNC:return, "
            + "profile:hz:99, profile-99, BEGIN, END, tick-1s or interval:s:1";

    private static final List<String> PROVIDERS = List.of("fbt", "kprobe", "kretprobe", "syscall", "tracepoint",
            "uprobe", "uretprobe", "pid", "profile", "interval", "BEGIN", "END");
    /** DTrace's pid provider: pid$target or pidNNN. */
    private static final Pattern PID_PROVIDER = Pattern.compile("pid(\\$target|[0-9]+)");

    /** The tracepoint names of a syscall's entry and return, {@code sys_enter_openat}, {@code sys_exit_openat}. */
    private static final String SYS_ENTER = "sys_enter_";
    private static final String SYS_EXIT = "sys_exit_";

    /** Nanoseconds per timer unit; "hz" is handled separately. Names follow dtrace and bpftrace. */
    private static final Map<String, Long> UNIT_NANOS = Map.ofEntries(
            Map.entry("ns", 1L), Map.entry("nsec", 1L),
            Map.entry("us", 1_000L), Map.entry("usec", 1_000L),
            Map.entry("ms", 1_000_000L), Map.entry("msec", 1_000_000L),
            Map.entry("s", 1_000_000_000L), Map.entry("sec", 1_000_000_000L),
            Map.entry("m", 60_000_000_000L), Map.entry("min", 60_000_000_000L),
            Map.entry("h", 3_600_000_000_000L), Map.entry("hour", 3_600_000_000_000L),
            Map.entry("d", 86_400_000_000_000L), Map.entry("day", 86_400_000_000_000L));

    private static final Map<String, String> CANONICAL_UNIT = Map.of(
            "nsec", "ns", "usec", "us", "msec", "ms", "sec", "s", "min", "m", "hour", "h", "day", "d");

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final Pattern TICK = Pattern.compile("(?:tick|profile)-([0-9]+)([a-z]*)");
    private static final Pattern OFFSET = Pattern.compile("0[xX][0-9a-fA-F]+|[0-9]+");
    /** A pid probe's instruction offset: hexadecimal, as DTrace writes it (10), or with 0x. */
    private static final Pattern HEX_OFFSET = Pattern.compile("(0[xX])?[0-9a-fA-F]+");

    private final Diagnostics diagnostics;

    ProbeParser(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /** One ':'-separated field of a description and its column offset in the text. */
    private record Field(String text, int offset) {
    }

    /** A parse of one description; {@code pos} is where its text starts. */
    Optional<ProbeDescription> parse(String text, SourcePos pos) {
        return new Parse(text, pos).run();
    }

    private final class Parse {
        private final String text;
        private final SourcePos pos;
        private final List<Field> fields = new ArrayList<>();

        Parse(String text, SourcePos pos) {
            this.text = text;
            this.pos = pos;
            int start = 0;
            for (int colon = text.indexOf(':'); colon >= 0; colon = text.indexOf(':', start)) {
                fields.add(new Field(text.substring(start, colon), start));
                start = colon + 1;
            }
            fields.add(new Field(text.substring(start), start));
        }

        Optional<ProbeDescription> run() {
            switch (text) {
                case "BEGIN", "dtrace:::BEGIN":
                    return special(ProbeKind.BEGIN);
                case "END", "dtrace:::END":
                    return special(ProbeKind.END);
                default:
                    break;
            }
            if (text.startsWith("tick-") || text.startsWith("profile-")) {
                return tick();
            }
            if (PID_PROVIDER.matcher(fields.get(0).text()).matches()) {
                return pid();
            }
            if (isDtraceTracepoint()) {
                return dtraceTracepoint(fields.get(0), fields.get(3));
            }
            return switch (fields.get(0).text()) {
                case "fbt" -> fbt();
                case "kprobe" -> kprobe(false);
                case "kretprobe" -> kprobe(true);
                case "syscall" -> syscall();
                case "tracepoint" -> tracepoint();
                case "uprobe" -> uprobe(false);
                case "uretprobe" -> uprobe(true);
                case "interval" -> interval();
                case "profile" -> interval();
                default -> unknownProvider();
            };
        }

        private Optional<ProbeDescription> special(ProbeKind kind) {
            return Optional.of(new ProbeDescription("dtrace", "", "", kind.name(), kind, 0, 0, text, pos, pos));
        }

        /** fbt:MODULE:FUNC:entry, fbt:MODULE:FUNC:return or fbt:MODULE:FUNC+OFFSET. */
        private Optional<ProbeDescription> fbt() {
            if (fields.size() == 3 && fields.get(2).text().contains("+")) {
                return kernel(fields.get(1), fields.get(2), ProbeKind.OFFSET);
            }
            if (fields.size() != 4) {
                return incomplete("fbt::FUNC:entry, fbt::FUNC:return or fbt::FUNC+OFFSET");
            }
            Field name = fields.get(3);
            return switch (name.text()) {
                case "entry" -> kernel(fields.get(1), fields.get(2), ProbeKind.ENTRY);
                case "return" -> kernel(fields.get(1), fields.get(2), ProbeKind.RETURN);
                default -> {
                    String message = name.text().isEmpty()
                            ? "missing probe name after 'fbt::" + fields.get(2).text() + ":'"
                            : "unknown fbt probe name '" + name.text() + "'";
                    error(name.offset(), message + "; expected 'entry' or 'return'");
                    yield Optional.empty();
                }
            };
        }

        /** kprobe:FUNC, kprobe:FUNC+OFFSET, kretprobe:FUNC, each optionally as PROVIDER:MODULE:FUNC. */
        private Optional<ProbeDescription> kprobe(boolean isReturn) {
            if (fields.size() != 2 && fields.size() != 3) {
                return incomplete(isReturn ? "kretprobe:FUNC" : "kprobe:FUNC or kprobe:FUNC+OFFSET");
            }
            Field module = fields.size() == 3 ? fields.get(1) : new Field("", 0);
            Field function = fields.get(fields.size() - 1);
            if (function.text().contains("+")) {
                if (isReturn) {
                    error(function.offset() + function.text().indexOf('+'), "a return probe cannot have an offset");
                    return Optional.empty();
                }
                return kernel(module, function, ProbeKind.OFFSET);
            }
            return kernel(module, function, isReturn ? ProbeKind.RETURN : ProbeKind.ENTRY);
        }

        /** syscall::NAME:entry or syscall::NAME:return (DTrace); the module part must be empty. */
        private Optional<ProbeDescription> syscall() {
            if (fields.size() != 4) {
                return incomplete("syscall::NAME:entry or syscall::NAME:return");
            }
            if (!fields.get(1).text().isEmpty()) {
                error(fields.get(1).offset(), "syscall probes have no module part",
                        "write syscall::" + fields.get(2).text() + ":" + fields.get(3).text());
                return Optional.empty();
            }
            Field name = fields.get(3);
            return switch (name.text()) {
                case "entry" -> syscall(fields.get(2), ProbeKind.ENTRY);
                case "return" -> syscall(fields.get(2), ProbeKind.RETURN);
                default -> {
                    error(name.offset(), (name.text().isEmpty() ? "missing syscall probe name"
                            : "unknown syscall probe name '" + name.text() + "'") + "; expected 'entry' or 'return'");
                    yield Optional.empty();
                }
            };
        }

        /**
         * bpftrace's tracepoint:CATEGORY:NAME. The syscalls' (syscalls:sys_enter_NAME and sys_exit_NAME)
         * become syscall probes: the same place (the syscall's wrapper, in the shadow) and the same
         * arguments by name. Every other tracepoint (raw_syscalls:sys_enter, sched:sched_switch, ...)
         * is a tracepoint probe; CATEGORY and NAME may be globs.
         */
        private Optional<ProbeDescription> tracepoint() {
            if (fields.size() != 3) {
                return incomplete("tracepoint:CATEGORY:NAME, e.g. tracepoint:sched:sched_switch or"
                        + " tracepoint:syscalls:sys_enter_NAME");
            }
            return tracepoint(fields.get(1), fields.get(2));
        }

        /**
         * DTrace's spelling of a kernel tracepoint, {@code CATEGORY:::NAME} ({@code sched:::sched_switch},
         * {@code syscalls:::sys_enter_openat}): four parts, the middle two empty, and a first part that
         * is no provider of its own. The names are the kernel's, or DTrace's own sched and proc probes
         * where one tracepoint gives them ({@link DtraceAliases}: {@code proc:::exec-success}).
         */
        private boolean isDtraceTracepoint() {
            return fields.size() == 4 && fields.get(1).text().isEmpty() && fields.get(2).text().isEmpty()
                    && !fields.get(0).text().isEmpty() && !fields.get(3).text().isEmpty()
                    && !PROVIDERS.contains(fields.get(0).text()) && !fields.get(0).text().equals("dtrace");
        }

        /** {@code CATEGORY:::NAME}, or DTrace's own probe that one tracepoint gives ({@link DtraceAliases}). */
        private Optional<ProbeDescription> dtraceTracepoint(Field provider, Field name) {
            Optional<DtraceAliases.Tracepoint> alias = DtraceAliases.tracepoint(provider.text(), name.text());
            if (alias.isPresent()) {
                return tracepoint(new Field(alias.get().category(), provider.offset()),
                        new Field(alias.get().event(), name.offset()));
            }
            Optional<String> function = DtraceAliases.function(provider.text(), name.text());
            if (function.isPresent()) {
                return kernel(new Field("", provider.offset()), new Field(function.get(), name.offset()), ProbeKind.ENTRY);
            }
            Optional<String> why = DtraceAliases.whyNot(provider.text(), name.text());
            if (why.isPresent()) {
                error(name.offset(), "DTrace's " + provider.text() + ":::" + name.text() + " is not provided: "
                        + why.get(), "the DTrace probes provided are " + String.join(", ",
                        DtraceAliases.names()));
                return Optional.empty();
            }
            return tracepoint(provider, name);
        }

        private Optional<ProbeDescription> tracepoint(Field category, Field event) {
            if (!category.text().equals("syscalls")) {
                if (!validPattern(category, "tracepoint category") || !validPattern(event, "tracepoint")) {
                    return Optional.empty();
                }
                return Optional.of(new ProbeDescription(ProbeDescription.TRACEPOINT, category.text(), event.text(),
                        "", ProbeKind.TRACEPOINT, 0, 0, text, pos, pos.plusColumns(event.offset())));
            }
            for (String prefix : List.of(SYS_ENTER, SYS_EXIT)) {
                if (event.text().startsWith(prefix)) {
                    Field name = new Field(event.text().substring(prefix.length()), event.offset() + prefix.length());
                    return syscall(name, prefix.equals(SYS_ENTER) ? ProbeKind.ENTRY : ProbeKind.RETURN);
                }
            }
            error(event.offset(), "unknown syscalls tracepoint '" + event.text()
                    + "'; expected sys_enter_NAME or sys_exit_NAME", "NAME may be a glob: sys_enter_open*");
            return Optional.empty();
        }

        /**
         * uprobe:PATH:FUNC and uretprobe:PATH:FUNC: a function of an ELF file, at its entry or return in
         * the traced processes that run it. PATH is absolute; FUNC may be a glob.
         */
        private Optional<ProbeDescription> uprobe(boolean isReturn) {
            String provider = isReturn ? "uretprobe" : "uprobe";
            if (fields.size() != 3) {
                return incomplete(provider + ":PATH:FUNC, e.g. " + provider + ":/bin/bash:readline");
            }
            Field path = fields.get(1);
            Field function = fields.get(2);
            if (!path.text().startsWith("/")) {
                error(path.offset(), (path.text().isEmpty() ? "missing file path" : "the file path '" + path.text()
                        + "' is not absolute") + " in " + provider + ":PATH:FUNC", "give the full path, e.g. "
                        + provider + ":/bin/bash:" + (function.text().isEmpty() ? "readline" : function.text()));
                return Optional.empty();
            }
            if (ProbeDescription.isGlob(path.text())) {
                error(path.offset(), "the file path of a user probe cannot be a pattern");
                return Optional.empty();
            }
            if (function.text().contains("+")) {
                int plus = function.text().indexOf('+');
                if (isReturn) {
                    error(function.offset() + plus, "a return probe cannot have an offset");
                    return Optional.empty();
                }
                Field name = new Field(function.text().substring(0, plus), function.offset());
                Optional<Long> offset = offset(new Field(function.text().substring(plus + 1),
                        function.offset() + plus + 1));
                if (offset.isEmpty() || !validPattern(name, "function")) {
                    return Optional.empty();
                }
                if (ProbeDescription.isGlob(name.text())) {
                    error(name.offset(), "an offset probe needs one function, not the pattern '" + name.text() + "'");
                    return Optional.empty();
                }
                return Optional.of(new ProbeDescription(ProbeDescription.UPROBE, path.text(), name.text(), "",
                        ProbeKind.OFFSET, offset.get(), 0, text, pos, pos.plusColumns(function.offset())));
            }
            if (!validPattern(function, "function")) {
                return Optional.empty();
            }
            ProbeKind kind = isReturn ? ProbeKind.RETURN : ProbeKind.ENTRY;
            return Optional.of(new ProbeDescription(ProbeDescription.UPROBE, path.text(), function.text(),
                    isReturn ? "return" : "entry", kind, 0, 0, text, pos, pos.plusColumns(function.offset())));
        }

        /**
         * DTrace's pid$target:LIB:FUNC:entry and :return (also pidNNN): a user probe on FUNC of the
         * target's executable (LIB empty) or of its library LIB; the compiler finds the file. A name
         * that is a hexadecimal number (DTrace's pid$target::FUNC:10, also written 0x10) is an
         * instruction at that offset in FUNC.
         */
        private Optional<ProbeDescription> pid() {
            String provider = fields.get(0).text();
            if (fields.size() != 4) {
                return incomplete(provider + "::FUNC:entry, " + provider + "::FUNC:return, " + provider
                        + "::FUNC:OFFSET or " + provider + ":LIB:FUNC:entry");
            }
            Field library = fields.get(1);
            Field function = fields.get(2);
            Field name = fields.get(3);
            boolean offset = HEX_OFFSET.matcher(name.text()).matches();
            if (!name.text().equals("entry") && !name.text().equals("return") && !offset) {
                error(name.offset(), (name.text().isEmpty() ? "missing pid probe name" : "unknown pid probe name '"
                        + name.text() + "'") + "; expected 'entry', 'return' or an instruction's offset in the"
                        + " function in hexadecimal (10 or 0x10)");
                return Optional.empty();
            }
            if (ProbeDescription.isGlob(library.text())) {
                error(library.offset(), "the library of a pid probe cannot be a pattern");
                return Optional.empty();
            }
            if (!validPattern(library, "module") || !validPattern(function, "function")) {
                return Optional.empty();
            }
            if (offset) {
                String digits = name.text().replaceFirst("^0[xX]", "");
                if (ProbeDescription.isGlob(function.text())) {
                    error(function.offset(), "an offset probe needs one function, not the pattern '"
                            + function.text() + "'");
                    return Optional.empty();
                }
                if (digits.length() > 15) {
                    error(name.offset(), "offset '" + name.text() + "' is too large");
                    return Optional.empty();
                }
                return Optional.of(new ProbeDescription(ProbeDescription.PID, library.text(), function.text(), "",
                        ProbeKind.OFFSET, Long.parseLong(digits, 16), 0, text, pos, pos.plusColumns(function.offset())));
            }
            ProbeKind kind = name.text().equals("entry") ? ProbeKind.ENTRY : ProbeKind.RETURN;
            return Optional.of(new ProbeDescription(ProbeDescription.PID, library.text(), function.text(), name.text(),
                    kind, 0, 0, text, pos, pos.plusColumns(function.offset())));
        }

        private Optional<ProbeDescription> syscall(Field function, ProbeKind kind) {
            if (!validPattern(function, "syscall")) {
                return Optional.empty();
            }
            String probeName = kind == ProbeKind.ENTRY ? "entry" : "return";
            return Optional.of(new ProbeDescription(ProbeDescription.SYSCALL, "", function.text(), probeName, kind,
                    0, 0, text, pos, pos.plusColumns(function.offset())));
        }

        private Optional<ProbeDescription> kernel(Field module, Field function, ProbeKind kind) {
            String functionName = function.text();
            long offset = 0;
            if (kind == ProbeKind.OFFSET) {
                int plus = functionName.indexOf('+');
                Field offsetField = new Field(functionName.substring(plus + 1), function.offset() + plus + 1);
                functionName = functionName.substring(0, plus);
                Optional<Long> parsed = offset(offsetField);
                if (parsed.isEmpty()) {
                    return Optional.empty();
                }
                offset = parsed.get();
            }
            Field name = new Field(functionName, function.offset());
            if (!validPattern(module, "module") || !validPattern(name, "function")) {
                return Optional.empty();
            }
            if (kind == ProbeKind.OFFSET && ProbeDescription.isGlob(functionName)) {
                error(name.offset(), "an offset probe needs one function, not the pattern '" + functionName + "'");
                return Optional.empty();
            }
            String probeName = switch (kind) {
                case ENTRY -> "entry";
                case RETURN -> "return";
                default -> "";
            };
            return Optional.of(new ProbeDescription("fbt", module.text(), functionName, probeName, kind, offset, 0,
                    text, pos, pos.plusColumns(function.offset())));
        }

        private Optional<Long> offset(Field field) {
            String digits = field.text();
            if (!OFFSET.matcher(digits).matches()) {
                error(field.offset(), "invalid offset '" + digits + "'; expected a decimal or 0x hexadecimal number");
                return Optional.empty();
            }
            try {
                return Optional.of(digits.startsWith("0x") || digits.startsWith("0X")
                        ? Long.parseLong(digits.substring(2), 16) : Long.parseLong(digits));
            } catch (NumberFormatException e) {
                error(field.offset(), "offset '" + digits + "' is too large");
                return Optional.empty();
            }
        }

        /** A module or function name, possibly a glob: letters, digits, '_', '.', '*', '?' and [...] classes. */
        private boolean validPattern(Field field, String what) {
            String pattern = field.text();
            if (pattern.isEmpty()) {
                if (what.equals("module")) {
                    return true;
                }
                error(field.offset(), "missing " + what + " name", "use '*' to match every " + what);
                return false;
            }
            for (int i = 0; i < pattern.length(); i++) {
                char c = pattern.charAt(i);
                if (c == '[') {
                    int close = pattern.indexOf(']', i + 1);
                    if (close < 0) {
                        error(field.offset() + i, "unclosed '[' in " + what + " pattern");
                        return false;
                    }
                    i = close;
                } else if (what.equals("tracepoint") && c == '-') {
                    // DTrace's own probes are spelled with '-' (sched:::on-cpu, proc:::exec-success)
                    error(field.offset() + i, "invalid character '-' in tracepoint name", "of DTrace's own probes"
                            + " only " + String.join(", ", DtraceAliases.names())
                            + " are provided; the kernel's tracepoints are, e.g. sched:::sched_switch (list them:"
                            + " shadowtrace -l 'sched:::*')");
                    return false;
                } else if (!(Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '*' || c == '?')) {
                    error(field.offset() + i, "invalid character '" + c + "' in " + what + " name");
                    return false;
                }
            }
            return true;
        }

        /** dtrace's tick-N[unit] and profile-N[unit]; without a unit N is a frequency in hertz. */
        private Optional<ProbeDescription> tick() {
            Matcher m = TICK.matcher(text);
            if (!m.matches()) {
                String prefix = text.substring(0, text.indexOf('-'));
                error(0, "invalid timer '" + text + "'", "write " + prefix + "-<number><unit> with a unit among"
                        + " ns, us, ms, s, m, h, d and hz, e.g. " + prefix + (prefix.equals("tick") ? "-1s" : "-99"));
                return Optional.empty();
            }
            String unit = m.group(2).isEmpty() ? "hz" : m.group(2);
            return timer(m.group(1), unit, m.start(2));
        }

        /** bpftrace's interval:UNIT:N and profile:UNIT:N. */
        private Optional<ProbeDescription> interval() {
            if (fields.size() != 3 || !fields.get(2).text().matches("[0-9]+")) {
                return incomplete(isProfile() ? "profile:hz:99 or profile:ms:10" : "interval:s:1 or interval:ms:100");
            }
            return timer(fields.get(2).text(), fields.get(1).text(), fields.get(1).offset());
        }

        private Optional<ProbeDescription> timer(String count, String unit, int unitOffset) {
            long n;
            try {
                n = Long.parseLong(count);
            } catch (NumberFormatException e) {
                n = 0;
            }
            if (n <= 0) {
                error(0, "the timer in '" + text + "' needs a period between 1 and 2^63-1");
                return Optional.empty();
            }
            long periodNanos;
            if (unit.equals("hz")) {
                if (n > NANOS_PER_SECOND) {
                    error(0, "timer frequency " + n + "hz is above 1000000000hz");
                    return Optional.empty();
                }
                periodNanos = NANOS_PER_SECOND / n;
            } else if (UNIT_NANOS.containsKey(unit)) {
                if (n > Long.MAX_VALUE / UNIT_NANOS.get(unit)) {
                    error(0, "timer period in '" + text + "' is too long");
                    return Optional.empty();
                }
                periodNanos = n * UNIT_NANOS.get(unit);
            } else {
                error(unitOffset, "unknown time unit '" + unit + "'; expected ns, us, ms, s, m, h, d or hz");
                return Optional.empty();
            }
            String name = (isProfile() ? "profile-" : "tick-") + n + CANONICAL_UNIT.getOrDefault(unit, unit);
            return Optional.of(new ProbeDescription("profile", "", "", name, isProfile() ? ProbeKind.PROFILE
                    : ProbeKind.TIMER, 0, periodNanos, text, pos, pos));
        }

        /** Whether this is a sampling probe (profile-N, profile:hz:N) rather than a tracer timer. */
        private boolean isProfile() {
            return text.startsWith("profile");
        }

        private Optional<ProbeDescription> incomplete(String forms) {
            error(0, "incomplete probe description '" + text + "'; expected " + forms);
            return Optional.empty();
        }

        private Optional<ProbeDescription> unknownProvider() {
            Field provider = fields.get(0);
            String what = fields.size() == 1 ? "probe" : "probe provider";
            String message = "unknown " + what + " '" + provider.text() + "'";
            String suggested = Suggest.didYouMean(provider.text(), PROVIDERS).map(s -> message + "; " + s).orElse(message);
            error(provider.offset(), suggested, "the supported probes are " + FORMS);
            return Optional.empty();
        }

        /** Reports an error {@code offset} characters into the description. */
        private void error(int offset, String message) {
            diagnostics.error(pos.plusColumns(offset), message);
        }

        private void error(int offset, String message, String hint) {
            diagnostics.error(pos.plusColumns(offset), message, hint);
        }
    }
}
