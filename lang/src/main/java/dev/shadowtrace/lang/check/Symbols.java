package dev.shadowtrace.lang.check;

import java.util.LinkedHashMap;
import java.util.Map;

/** The script-wide symbol tables, filled in source order while checking. */
final class Symbols {

    final Map<String, VariableSymbol> globals = new LinkedHashMap<>();
    final Map<String, VariableSymbol> threadLocals = new LinkedHashMap<>();
    final Map<String, MapSymbol> maps = new LinkedHashMap<>();

    /** Number of symbols; grows until every assignment's type is known. */
    int size() {
        return globals.size() + threadLocals.size() + maps.size();
    }
}
