package dev.shadowtrace.runtime.session;

import dev.shadowtrace.runtime.bpf.BpfException;
import dev.shadowtrace.runtime.bpf.BpfMap;
import dev.shadowtrace.runtime.perf.PerfEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * A session's one tracepoint scope map ({@code TracepointScope}: every tracepoint program of the
 * session tests it, since the shell compiles its clauses as one text) and the events of the two
 * programs that make it follow children: shared by every group of tracepoint clauses attached at a
 * time. The first group to join attaches the followers, which stay while any group is attached;
 * when the last leaves they are detached and the map is emptied (the children they added would stay
 * in it otherwise, and their pids be reused). Not thread-safe: used under the session's lock.
 */
final class SharedScope {
    private final BpfMap map;
    private final List<PerfEvent> followers = new ArrayList<>();
    private int groups;

    SharedScope(BpfMap map) {
        this.map = map;
    }

    BpfMap map() {
        return map;
    }

    /** A group starts using the scope; true if it is the only one, which must then attach the followers. */
    boolean join() {
        return ++groups == 1;
    }

    /** A follower's event, attached by the first group, detached with the last. */
    void adopt(PerfEvent follower) {
        followers.add(follower);
    }

    /** A group stops using the scope; the last one detaches the followers and empties the map. */
    void leave() {
        if (--groups > 0) {
            return;
        }
        followers.forEach(PerfEvent::close);
        followers.clear();
        try {
            for (byte[] key : map.keys()) {
                map.delete(key);
            }
        } catch (BpfException e) {
            // the map goes with the session
        }
    }
}
