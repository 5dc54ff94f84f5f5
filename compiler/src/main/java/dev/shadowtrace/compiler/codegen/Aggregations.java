package dev.shadowtrace.compiler.codegen;

import static dev.shadowtrace.compiler.bpf.Reg.R0;
import static dev.shadowtrace.compiler.bpf.Reg.R1;
import static dev.shadowtrace.compiler.bpf.Reg.R10;
import static dev.shadowtrace.compiler.bpf.Reg.R2;
import static dev.shadowtrace.compiler.bpf.Reg.R3;

import dev.shadowtrace.compiler.bpf.Assembler;
import dev.shadowtrace.compiler.bpf.BucketLayout;
import dev.shadowtrace.compiler.bpf.HdrBuckets;
import dev.shadowtrace.compiler.bpf.LinearBuckets;
import dev.shadowtrace.compiler.bpf.LogLinearBuckets;
import dev.shadowtrace.compiler.bpf.QuantizeBuckets;
import dev.shadowtrace.compiler.bpf.Reg;
import dev.shadowtrace.compiler.bpf.Size;
import dev.shadowtrace.compiler.layout.MapDescriptor;
import dev.shadowtrace.lang.ast.Aggregate;
import dev.shadowtrace.lang.types.AggregationKind;

/**
 * {@code @name[keys] = f(x)}: each CPU updates its own slot of the aggregation's PERCPU_HASH
 * value, so plain (non-atomic) updates suffice. Lookup the key; if the value exists, update it in
 * place; if not, insert the first value with {@code BPF_ANY}, which for a per-CPU hash writes only
 * this CPU's slot. Histograms follow {@code HistogramMap}: the bucket goes in key bytes 0-7.
 */
final class Aggregations {
    private final ClauseContext c;

    Aggregations(ClauseContext c) {
        this.c = c;
    }

    void emit(Aggregate aggregate) {
        MapDescriptor map = c.plan.map(aggregate.target().name());
        AggregationKind kind = aggregate.call().kind();
        boolean hasValue = kind != AggregationKind.COUNT;
        if (hasValue) {
            c.ints.push(aggregate.call().args().get(0));
        }
        Slot value = hasValue ? c.values.top() : null;
        int key = c.keys.build(aggregate.target(), map);
        map.histogram().ifPresent(h -> bucket(h.layout(), value, key));
        String name = map.spec().name();
        String insert = c.asm.newLabel("agg.new");
        String done = c.asm.newLabel("agg.done");
        c.maps.lookup(name, key);
        c.asm.jeq(R0, 0, insert);
        update(kind, value);
        c.asm.ja(done).label(insert);
        int first = firstValue(kind, value, map.value().size());
        c.maps.update(name, key, first, MapOps.ANY);
        c.asm.label(done);
        if (hasValue) {
            c.values.pop();
        }
    }

    private void bucket(BucketLayout layout, Slot value, int key) {
        Reg v = value.load(c.asm, R1);
        if (layout instanceof LinearBuckets linear) {
            linear.emitBucketIndex(c.asm, R0, v);
        } else if (layout instanceof LogLinearBuckets logLinear) {
            logLinear.emitBucketIndex(c.asm, R0, v, R2);
        } else if (layout instanceof HdrBuckets hdr) {
            hdr.emitBucketIndex(c.asm, R0, v, R2, R3);
        } else {
            ((QuantizeBuckets) layout).emitBucketIndex(c.asm, R0, v, R2, R3);
        }
        c.asm.stx(Size.DW, R10, key, R0);
    }

    /** Updates the value at r0 in place. Value layouts: see DataPlan. */
    private void update(AggregationKind kind, Slot value) {
        Assembler asm = c.asm;
        switch (kind) {
            case COUNT, QUANTIZE, LQUANTIZE, LLQUANTIZE, HDR -> increment(0);
            case SUM -> asm.ldx(Size.DW, R1, R0, 0).add64(R1, value.load(asm, R2)).stx(Size.DW, R0, 0, R1);
            case AVG -> {
                asm.ldx(Size.DW, R1, R0, 0).add64(R1, value.load(asm, R2)).stx(Size.DW, R0, 0, R1);
                increment(8);
            }
            case MIN, MAX -> {
                String set = asm.newLabel("agg.set");
                String counted = asm.newLabel("agg.count");
                Reg v = value.load(asm, R2);
                asm.ldx(Size.DW, R1, R0, 8).jeq(R1, 0, set).ldx(Size.DW, R3, R0, 0);
                if (kind == AggregationKind.MIN) {
                    asm.jsge(v, R3, counted);
                } else {
                    asm.jsle(v, R3, counted);
                }
                asm.label(set).stx(Size.DW, R0, 0, v);
                asm.label(counted).add64(R1, 1).stx(Size.DW, R0, 8, R1);
            }
            case STATS -> stats(value);
        }
    }

    /**
     * stats(x), value {count, sum, min, max}: a CPU whose slot is still zero (another CPU inserted
     * the key) takes x as its min and max; then count and sum grow.
     */
    private void stats(Slot value) {
        Assembler asm = c.asm;
        String set = asm.newLabel("stats.set");
        String notMin = asm.newLabel("stats.min");
        String counted = asm.newLabel("stats.count");
        Reg v = value.load(asm, R2);
        asm.ldx(Size.DW, R3, R0, 0).jeq(R3, 0, set)
                .ldx(Size.DW, R1, R0, 16).jsge(v, R1, notMin).stx(Size.DW, R0, 16, v).label(notMin)
                .ldx(Size.DW, R1, R0, 24).jsle(v, R1, counted).stx(Size.DW, R0, 24, v).ja(counted)
                .label(set).stx(Size.DW, R0, 16, v).stx(Size.DW, R0, 24, v)
                .label(counted).add64(R3, 1).stx(Size.DW, R0, 0, R3)
                .ldx(Size.DW, R1, R0, 8).add64(R1, v).stx(Size.DW, R0, 8, R1);
    }

    private void increment(int offset) {
        c.asm.ldx(Size.DW, R1, R0, offset).add64(R1, 1).stx(Size.DW, R0, offset, R1);
    }

    /** Builds this CPU's first value on the stack: {1}, {x} or {x, 1}; returns its offset. */
    private int firstValue(AggregationKind kind, Slot value, int size) {
        int buffer = c.frame.alloc(size);
        switch (kind) {
            case COUNT, QUANTIZE, LQUANTIZE, LLQUANTIZE, HDR -> c.asm.st(Size.DW, R10, buffer, 1);
            case SUM -> c.asm.stx(Size.DW, R10, buffer, value.load(c.asm, R1));
            case MIN, MAX, AVG -> c.asm.stx(Size.DW, R10, buffer, value.load(c.asm, R1)).st(Size.DW, R10, buffer + 8, 1);
            case STATS -> {
                Reg v = value.load(c.asm, R1);
                c.asm.st(Size.DW, R10, buffer, 1).stx(Size.DW, R10, buffer + 8, v).stx(Size.DW, R10, buffer + 16, v)
                        .stx(Size.DW, R10, buffer + 24, v);
            }
        }
        return buffer;
    }
}
