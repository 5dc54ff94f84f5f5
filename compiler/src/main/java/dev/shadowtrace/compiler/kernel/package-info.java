/**
 * The kernel a script is compiled for ({@link dev.shadowtrace.compiler.kernel.KernelInfo}, read
 * from /proc/kallsyms and available_filter_functions by
 * {@link dev.shadowtrace.compiler.kernel.KernelSnapshot}) and the resolution of probe
 * descriptions to {@link dev.shadowtrace.compiler.kernel.ProbeSite}s.
 */
package dev.shadowtrace.compiler.kernel;
