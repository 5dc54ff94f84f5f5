package dev.shadowtrace.compiler.codegen;

import dev.shadowtrace.compiler.layout.Field;
import dev.shadowtrace.compiler.layout.MapDescriptor;
import dev.shadowtrace.lang.ast.MapAccess;

/** Builds the BPF key of a map element on the stack, following the map's key layout. */
final class MapKeys {
    private final ClauseContext c;

    MapKeys(ClauseContext c) {
        this.c = c;
    }

    /**
     * Allocates and fills the key of {@code @m[k1, k2...]}; returns its offset from r10. Every byte
     * is written (strings zero-padded, a map without keys gets its 8 zero bytes) except a histogram's
     * bucket in bytes 0-7, which the caller computes.
     */
    int build(MapAccess access, MapDescriptor map) {
        int key = c.frame.alloc(map.key().size());
        if (access.keys().isEmpty() && map.histogram().isEmpty()) {
            c.maps.zero(key, DataPlan.NO_KEY_SIZE);
        }
        for (int i = 0; i < access.keys().size(); i++) {
            Field field = map.key().fields().get(i);
            c.write(access.keys().get(i), field.type(), key + field.offset(), field.size());
        }
        return key;
    }
}
