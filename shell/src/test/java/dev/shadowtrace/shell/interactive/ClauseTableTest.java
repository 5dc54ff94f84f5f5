package dev.shadowtrace.shell.interactive;

import dev.shadowtrace.runtime.ProbeRequest;
import dev.shadowtrace.runtime.ProbeStats;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClauseTableTest {
    private static ProbeStats probe(long id, long hits, long unionHits) {
        return new ProbeStats(id, 0, 0, ProbeRequest.Kind.ENTRY, 0, hits, unionHits, 0, 0, 0);
    }

    @Test
    void numbersAreNeverReused() {
        ClauseTable table = new ClauseTable();
        table.add("a { }", Set.of(1L));
        ClauseTable.Row second = table.add("b { }", Set.of(2L));
        table.remove(second);
        assertEquals(3, table.add("c { }", Set.of(3L)).number());
        assertTrue(table.find(2).isEmpty());
        assertEquals(Set.of(1L, 3L), table.probeIds());
    }

    @Test
    void aClausesHitsAreTheSumOfItsProbes() {
        ClauseTable table = new ClauseTable();
        table.add("fbt::vfs_*:entry\n{ @n = count(); }", Set.of(1L, 2L));
        table.add("fbt::vfs_read:return { @r = count(); }", Set.of(3L));
        String text = table.render(List.of(probe(1, 10, 0), probe(2, 5, 2), probe(3, 7, 0), probe(4, 100, 0)));
        String[] lines = text.split("\n");
        assertEquals(3, lines.length, text);
        assertEquals(List.of("1", "17", "2", "fbt::vfs_*:entry", "{"), List.of(lines[1].trim().split("\\s+")).subList(0, 5));
        assertTrue(lines[1].endsWith("fbt::vfs_*:entry { @n = count(); }"), lines[1]);
        assertEquals(List.of("2", "7", "1"), List.of(lines[2].trim().split("\\s+")).subList(0, 3));
    }

    @Test
    void anEmptyTableSaysSo() {
        assertEquals("no clauses attached\n", new ClauseTable().render(List.of()));
    }
}
