/**
 * What the runtime needs to read a compiled script's data: the byte
 * {@link dev.shadowtrace.compiler.layout.Layout}s of map keys, map values and event payloads,
 * {@link dev.shadowtrace.compiler.layout.MapDescriptor}s of the script's maps, and the
 * {@link dev.shadowtrace.compiler.layout.EventFormat}s of event records.
 */
package dev.shadowtrace.compiler.layout;
