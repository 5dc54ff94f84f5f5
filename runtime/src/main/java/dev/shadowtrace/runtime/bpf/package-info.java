/**
 * JNA binding of the {@code bpf(2)} system call: creating and accessing maps ({@link
 * dev.shadowtrace.runtime.bpf.BpfMap}) and loading programs ({@link
 * dev.shadowtrace.runtime.bpf.BpfProgram}), with {@code union bpf_attr} laid out byte by byte
 * from the Linux 6.1 UAPI header ({@link dev.shadowtrace.runtime.bpf.BpfAttrField}).
 */
package dev.shadowtrace.runtime.bpf;
