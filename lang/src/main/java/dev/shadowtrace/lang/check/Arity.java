package dev.shadowtrace.lang.check;

import dev.shadowtrace.lang.diag.Diagnostics;
import dev.shadowtrace.lang.diag.SourcePos;

/** Checks the number of arguments of a built-in function call. */
final class Arity {

    private Arity() {
    }

    /** Whether {@code given} is between min and max; if not, reports "f() takes ..., but N were given". */
    static boolean check(String function, int min, int max, int given, SourcePos pos, Diagnostics diagnostics) {
        if (given >= min && given <= max) {
            return true;
        }
        String expected;
        if (max == 0) {
            expected = "no arguments";
        } else if (min == max) {
            expected = "exactly " + arguments(min);
        } else if (max == Integer.MAX_VALUE) {
            expected = "at least " + arguments(min);
        } else if (min == 0) {
            expected = "at most " + arguments(max);
        } else {
            expected = min + (max == min + 1 ? " or " : " to ") + arguments(max);
        }
        diagnostics.error(pos, function + "() takes " + expected + ", but " + given
                + (given == 1 ? " was" : " were") + " given");
        return false;
    }

    private static String arguments(int n) {
        return n + (n == 1 ? " argument" : " arguments");
    }
}
