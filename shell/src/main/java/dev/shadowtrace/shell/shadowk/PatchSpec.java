package dev.shadowtrace.shell.shadowk;

import dev.shadowtrace.runtime.SymbolRef;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** One {@code --patch SYMBOL[+OFFSET]=HEXBYTES}: where, and the bytes to write there. */
record PatchSpec(SymbolRef where, byte[] bytes) {

    static final String FORM = "SYMBOL[+OFFSET]=HEXBYTES, e.g. vfs_read+0x4=cc";

    static PatchSpec parse(String text) {
        int eq = text.indexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException("'" + text + "' has no '=': expected " + FORM);
        }
        if (text.substring(0, eq).isBlank()) {
            throw new IllegalArgumentException("'" + text + "' has no SYMBOL before '=': expected " + FORM);
        }
        return new PatchSpec(SymbolRef.parse(text.substring(0, eq)), HexBytes.parse(text.substring(eq + 1)));
    }

    /** Lets picocli report a bad value as a usage error with our message. */
    static final class Converter implements ITypeConverter<PatchSpec> {
        @Override
        public PatchSpec convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** SYMBOL[+OFFSET] alone, for positional parameters. */
    static final class WhereConverter implements ITypeConverter<SymbolRef> {
        @Override
        public SymbolRef convert(String value) {
            try {
                return SymbolRef.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
