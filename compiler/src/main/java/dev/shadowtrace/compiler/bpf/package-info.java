/**
 * The eBPF back end below code generation: instruction model and encoder ({@link
 * dev.shadowtrace.compiler.bpf.Insn}), assembler with labels and map relocations ({@link
 * dev.shadowtrace.compiler.bpf.Assembler}), structural checker ({@link
 * dev.shadowtrace.compiler.bpf.ProgramChecker}), bpftool-style disassembler ({@link
 * dev.shadowtrace.compiler.bpf.Disassembler}), map descriptions ({@link
 * dev.shadowtrace.compiler.bpf.MapSpec}) and the in-kernel histogram layouts ({@link
 * dev.shadowtrace.compiler.bpf.QuantizeBuckets}, {@link
 * dev.shadowtrace.compiler.bpf.LinearBuckets}, {@link dev.shadowtrace.compiler.bpf.HistogramMap}).
 *
 * <p>Everything follows the Linux 6.1 UAPI ({@code include/uapi/linux/bpf.h}, {@code
 * Documentation/bpf/instruction-set.rst}). See {@code compiler/README.md}.
 */
package dev.shadowtrace.compiler.bpf;
