/**
 * JNA binding of the {@code bpf(2)} system call: creating, reading and walking maps ({@link
 * dev.shadowtrace.runtime.bpf.BpfMap}), consuming ring buffers ({@link
 * dev.shadowtrace.runtime.bpf.BpfRingBuffer}) and loading programs ({@link
 * dev.shadowtrace.runtime.bpf.BpfProgram}), with {@code union bpf_attr} laid out byte by byte
 * from the Linux 6.1 UAPI header ({@link dev.shadowtrace.runtime.bpf.BpfAttrField}).
 */
package dev.shadowtrace.runtime.bpf;
