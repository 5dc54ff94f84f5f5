package dev.shadowtrace.compiler.codegen;

import dev.shadowtrace.compiler.layout.EventAction;
import dev.shadowtrace.compiler.layout.EventFormat;
import dev.shadowtrace.compiler.layout.Layout;
import dev.shadowtrace.lang.diag.SourcePos;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The event formats of all programs of a script, numbered from 1. */
public final class EventTable {
    private final List<EventFormat> formats = new ArrayList<>();

    int add(EventAction action, Optional<String> format, Optional<String> map, Layout payload, SourcePos pos) {
        int id = formats.size() + 1;
        formats.add(new EventFormat(id, action, format, map, payload, pos));
        return id;
    }

    public List<EventFormat> formats() {
        return List.copyOf(formats);
    }
}
