package dev.shadowtrace.compiler.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The nearest traceable callers, breadth first over a call graph that a fake kernel knows. */
class CallerSuggestionTest {
    /** A kernel that knows who calls whom, and counts how often it was asked. */
    private static final class CallGraph implements KernelInfo {
        private final Map<String, List<String>> callers = new HashMap<>();
        private final Set<String> traceable;
        final Set<String> blacklist = new HashSet<>();
        final List<String> asked = new ArrayList<>();

        CallGraph(String... traceable) {
            this.traceable = Set.of(traceable);
        }

        /** {@code callee} is called by {@code callers}. */
        CallGraph calls(String callee, String... callers) {
            this.callers.put(callee, List.of(callers));
            return this;
        }

        @Override
        public String release() {
            return "test";
        }

        @Override
        public boolean hasBtf() {
            return false;
        }

        @Override
        public NavigableMap<String, List<Long>> textFunctions() {
            return new TreeMap<>();
        }

        @Override
        public Set<String> traceableFunctions() {
            return traceable;
        }

        @Override
        public Set<String> kprobeBlacklist() {
            return blacklist;
        }

        @Override
        public List<String> callersOf(String function) {
            asked.add(function);
            return callers.getOrDefault(function, List.of());
        }
    }

    private static Optional<String> suggest(KernelInfo kernel, String... functions) {
        return new CallerSuggestion(kernel).suggest(List.of(functions), "entry");
    }

    @Test
    void aTraceableDirectCaller() {
        CallGraph kernel = new CallGraph("ksys_read").calls("helper", "ksys_read", "inlined_twice");
        assertEquals(Optional.of("probe a caller instead: fbt::ksys_read:entry"), suggest(kernel, "helper"));
        assertEquals(Optional.of("probe a caller instead: fbt::ksys_read:return"),
                new CallerSuggestion(kernel).suggest(List.of("helper"), "return"));
    }

    @Test
    void upToThreeCallersSortedByName() {
        CallGraph kernel = new CallGraph("c", "a", "b", "d").calls("f", "c", "notrace_x", "a");
        assertEquals(Optional.of("probe a caller instead: fbt::a:entry or fbt::c:entry"), suggest(kernel, "f"));
        kernel.calls("f", "c", "b", "a");
        assertEquals(Optional.of("probe a caller instead: fbt::a:entry, fbt::b:entry or fbt::c:entry"),
                suggest(kernel, "f"));
    }

    @Test
    void moreThanThreeCallersAreCounted() {
        CallGraph kernel = new CallGraph("e", "d", "c", "b", "a").calls("f", "e", "d", "c", "b", "a", "x");
        assertEquals(Optional.of("probe a caller instead: one of its 5 traceable callers, e.g. fbt::a:entry,"
                + " fbt::b:entry or fbt::c:entry"), suggest(kernel, "f"));
    }

    @Test
    void theFirstLevelWithATraceableCallerWins() {
        CallGraph kernel = new CallGraph("top", "deep")
                .calls("f", "g", "h")
                .calls("g", "top")
                .calls("h", "mid")
                .calls("mid", "deep");
        assertEquals(Optional.of("probe a caller 2 levels up instead: fbt::top:entry"), suggest(kernel, "f"));
        assertEquals(List.of("f", "g", "h"), kernel.asked, "level 2 found one: level 3 is not looked at");
        assertEquals(Optional.of(new CallerSuggestion.Nearest(2, List.of("top"))),
                new CallerSuggestion(kernel).nearest(List.of("f")));
    }

    @Test
    void threeLevelsUpAtMost() {
        CallGraph kernel = new CallGraph("l3", "l4").calls("f", "l1").calls("l1", "l2").calls("l2", "l3")
                .calls("l3", "l4");
        assertEquals(Optional.of("probe a caller 3 levels up instead: fbt::l3:entry"), suggest(kernel, "f"));
        kernel.calls("l2", "l2b").calls("l2b", "l4");
        assertEquals(Optional.empty(), suggest(kernel, "f"), "l4 is 4 levels up");
    }

    @Test
    void manyCallersLevelsUpAreCountedToo() {
        CallGraph kernel = new CallGraph("a", "b", "c", "d").calls("f", "g").calls("g", "d", "c", "b", "a");
        assertEquals(Optional.of("probe a caller instead: one of its 4 traceable callers 2 levels up, e.g."
                + " fbt::a:entry, fbt::b:entry or fbt::c:entry"), suggest(kernel, "f"));
    }

    @Test
    void recursionAndSharedCallersAreLookedAtOnce() {
        CallGraph kernel = new CallGraph("top")
                .calls("f", "f", "g", "h")
                .calls("g", "g", "h", "f", "top")
                .calls("h", "top", "g");
        assertEquals(Optional.of(new CallerSuggestion.Nearest(2, List.of("top"))),
                new CallerSuggestion(kernel).nearest(List.of("f")));
        assertEquals(List.of("f", "g", "h"), kernel.asked);
    }

    @Test
    void everyCloneOfTheFunctionIsAStart() {
        CallGraph kernel = new CallGraph("a", "b").calls("f.isra.0", "a").calls("f.constprop.0", "b", "a");
        assertEquals(Optional.of("probe a caller instead: fbt::a:entry or fbt::b:entry"),
                suggest(kernel, "f.isra.0", "f.constprop.0"));
    }

    @Test
    void blacklistedCallersAreNotSuggestedButTheirCallersAre() {
        CallGraph kernel = new CallGraph("a", "b", "top").calls("f", "a", "b").calls("a", "top");
        kernel.blacklist.add("b");
        assertEquals(Optional.of("probe a caller instead: fbt::a:entry"), suggest(kernel, "f"));
        kernel.blacklist.add("a");
        assertEquals(Optional.of("probe a caller 2 levels up instead: fbt::top:entry"), suggest(kernel, "f"));
    }

    @Test
    void functionsKnownToBeRefusedAreNotSuggested() {
        CallGraph kernel = new CallGraph("f", "a", "b", "top").calls("f", "f", "a", "b").calls("b", "top");
        CallerSuggestion callers = new CallerSuggestion(kernel);
        assertEquals(Optional.of("probe a caller instead: fbt::a:entry or fbt::b:entry"),
                callers.suggest(List.of("f"), "entry"), "not f itself, although it calls itself and is traceable");
        assertEquals(Optional.of("probe a caller instead: fbt::b:return"),
                callers.suggest(List.of("f"), "return", Set.of("a")));
        assertEquals(Optional.of("probe a caller 2 levels up instead: fbt::top:entry"),
                callers.suggest(List.of("f"), "entry", Set.of("a", "b")));
    }

    @Test
    void noCallersNoSuggestion() {
        assertEquals(Optional.empty(), suggest(new CallGraph("a"), "f"));
        assertEquals(Optional.empty(), suggest(new CallGraph().calls("f", "g").calls("g", "h"), "f"),
                "callers, none traceable");
        KernelInfo knowsNothing = new KernelSnapshot("test", false, new TreeMap<>(Map.of("f", List.of(1L))),
                Set.of("a"));
        assertEquals(Optional.empty(), suggest(knowsNothing, "f"), "the default: nobody knows");
    }

    @Test
    void aWideTreeIsCutOffRatherThanScannedForLong() {
        CallGraph kernel = new CallGraph("top");
        String[] wide = new String[CallerSuggestion.MAX_LOOKUPS];
        for (int i = 0; i < wide.length; i++) {
            wide[i] = "w" + i;
            kernel.calls(wide[i], "top");
        }
        kernel.calls("f", wide);
        assertEquals(Optional.empty(), suggest(kernel, "f"));
        assertEquals(List.of("f"), kernel.asked, "level 2 would take " + (1 + wide.length) + " look-ups");
        kernel.calls("f", java.util.Arrays.copyOf(wide, CallerSuggestion.MAX_LOOKUPS - 1));
        assertEquals(Optional.of("probe a caller 2 levels up instead: fbt::top:entry"), suggest(kernel, "f"));
    }
}
