/** The type model: {@link dev.shadowtrace.lang.types.Type} and its implementations. */
package dev.shadowtrace.lang.types;
