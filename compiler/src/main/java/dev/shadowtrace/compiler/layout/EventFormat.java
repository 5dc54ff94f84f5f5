package dev.shadowtrace.compiler.layout;

import dev.shadowtrace.lang.diag.SourcePos;

import java.util.Optional;

/**
 * How the runtime handles one kind of event record. A probe program sends
 * {@code {u32 id, u32 size, payload[size]}} through the {@code events} ring buffer; {@code id}
 * selects the format.
 *
 * @param id      the record's first word, 1, 2, ... in order of appearance in the script
 * @param action  what to do
 * @param format  the printf()/printa() format, as written
 * @param map     the script map printa()/print()/clear()/trunc() act on, e.g. {@code @calls}
 * @param payload the payload's fields: printf()'s arguments in order ({@code arg1}, ...), trace()'s
 *                {@code value}, trunc()'s {@code count} (none: remove all), exit()'s {@code status}
 * @param pos     the action in the script
 */
public record EventFormat(int id, EventAction action, Optional<String> format, Optional<String> map,
                          Layout payload, SourcePos pos) {
}
