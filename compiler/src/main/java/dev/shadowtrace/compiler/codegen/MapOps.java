package dev.shadowtrace.compiler.codegen;

import static dev.shadowtrace.compiler.bpf.Reg.R0;
import static dev.shadowtrace.compiler.bpf.Reg.R1;
import static dev.shadowtrace.compiler.bpf.Reg.R10;
import static dev.shadowtrace.compiler.bpf.Reg.R2;
import static dev.shadowtrace.compiler.bpf.Reg.R3;
import static dev.shadowtrace.compiler.bpf.Reg.R4;

import dev.shadowtrace.compiler.bpf.Helper;
import dev.shadowtrace.compiler.bpf.Reg;
import dev.shadowtrace.compiler.bpf.Size;

/** Map helper calls with keys and values in stack buffers, and the memory moves around them. */
final class MapOps {
    /** {@code BPF_ANY}: create or replace. */
    static final int ANY = 0;
    /** {@code BPF_NOEXIST}: create only. */
    static final int NOEXIST = 1;

    private final ClauseContext c;

    MapOps(ClauseContext c) {
        this.c = c;
    }

    /** r0 = the value of the key at r10 + {@code key}, or null. */
    void lookup(String map, int key) {
        c.asm.ldMapFd(R1, map);
        pointer(R2, key);
        c.asm.call(Helper.MAP_LOOKUP_ELEM);
    }

    /**
     * An update whose failure (the map is full: -E2BIG, or -ENOMEM) is counted in {@link
     * DataPlan#DROPS}. Every caller stores last, so the key buffer is dead afterwards and serves as
     * the counter's key: no stack is spent on it.
     */
    void update(String map, int key, int value, int flags) {
        c.asm.ldMapFd(R1, map);
        pointer(R2, key);
        pointer(R3, value);
        c.asm.mov64(R4, flags).call(Helper.MAP_UPDATE_ELEM);
        countFailure(DataPlan.DROPS_FAILED_UPDATES, 0, key);
    }

    /**
     * After a helper call: if r0, its status, is negative (other than {@code -ignoredErrno}, unless
     * 0), adds 1 to this CPU's word {@code word} of {@link DataPlan#DROPS}, so that what the
     * program could not store is reported rather than silently lost. {@code scratch} is an 8-byte
     * stack buffer that is dead after the call: it becomes the counter map's key 0. Clobbers r0-r5.
     */
    void countFailure(int word, int ignoredErrno, int scratch) {
        String ok = c.asm.newLabel("drops.ok");
        c.asm.jsge(R0, 0, ok);
        if (ignoredErrno != 0) {
            c.asm.jeq(R0, -ignoredErrno, ok);
        }
        int zero = scratch;
        c.asm.st(Size.DW, R10, zero, 0);
        lookup(DataPlan.DROPS, zero);
        c.asm.jeq(R0, 0, ok).ldx(Size.DW, R1, R0, word).add64(R1, 1).stx(Size.DW, R0, word, R1).label(ok);
    }

    void delete(String map, int key) {
        c.asm.ldMapFd(R1, map);
        pointer(R2, key);
        c.asm.call(Helper.MAP_DELETE_ELEM);
    }

    /** After a lookup: pushes the u64 at {@code field} of the value, or 0 if there is none. */
    void readInt(Slot dst, int field) {
        Reg t = dst.target(R1);
        String miss = c.asm.newLabel("miss");
        c.asm.mov64(t, 0).jeq(R0, 0, miss).ldx(Size.DW, t, R0, field).label(miss);
        dst.store(c.asm, t);
    }

    /** Copies the {@code size}-byte string or buffer at {@code field} of the key's value to r10 + {@code dest}, or zeroes it if there is none. */
    void readBytes(String map, int key, int field, int dest, int size) {
        zero(dest, size);
        lookup(map, key);
        String miss = c.asm.newLabel("miss");
        c.asm.jeq(R0, 0, miss);
        copy(R0, field, R10, dest, size);
        c.asm.label(miss);
    }

    /** A temporary 8-byte zero key: index 0 of an array, or the key of a map without keys. */
    int zeroKey() {
        int key = c.frame.alloc(8);
        zero(key, 8);
        return key;
    }

    void zero(int offset, int size) {
        for (int i = 0; i < size; i += 8) {
            c.asm.st(Size.DW, R10, offset + i, 0);
        }
    }

    /** Copies {@code size} bytes (a multiple of 8) through r1. */
    void copy(Reg from, int fromOffset, Reg to, int toOffset, int size) {
        for (int i = 0; i < size; i += 8) {
            c.asm.ldx(Size.DW, R1, from, fromOffset + i).stx(Size.DW, to, toOffset + i, R1);
        }
    }

    /** dst = r10 + offset. */
    void pointer(Reg dst, int offset) {
        c.asm.mov64(dst, R10).add64(dst, offset);
    }
}
