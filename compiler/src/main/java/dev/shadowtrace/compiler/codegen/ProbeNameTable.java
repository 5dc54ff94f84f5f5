package dev.shadowtrace.compiler.codegen;

import java.util.ArrayList;
import java.util.List;

/** The probe names ({@code entry}, {@code return}, {@code 1c}) that {@code probename} values index. */
public final class ProbeNameTable {
    private final List<String> names = new ArrayList<>();

    int id(String name) {
        if (!names.contains(name)) {
            names.add(name);
        }
        return names.indexOf(name);
    }

    public List<String> names() {
        return List.copyOf(names);
    }
}
