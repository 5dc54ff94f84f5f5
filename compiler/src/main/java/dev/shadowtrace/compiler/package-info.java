/**
 * The shadowtrace compiler: turns a checked script ({@code dev.shadowtrace.lang}) into what the
 * runtime installs: for each clause with kernel probes, its resolved sites and one KPROBE program;
 * the BPF maps; the event formats; the layouts to decode maps and events; and the clauses the
 * tracer runs itself (BEGIN, END, timers).
 *
 * <ul>
 *   <li>{@link dev.shadowtrace.compiler.ScriptCompiler} compiles for a
 *       {@link dev.shadowtrace.compiler.kernel.KernelInfo};</li>
 *   <li>{@link dev.shadowtrace.compiler.CompiledScript} is the result, {@code dump()} its
 *       {@code shadowtrace -S} text.</li>
 * </ul>
 *
 * See compiler/README.md.
 */
package dev.shadowtrace.compiler;
