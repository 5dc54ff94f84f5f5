package dev.shadowtrace.runtime;

/** A kernel symbol that cannot be turned into an address, with what to do about it. */
public final class SymbolException extends Exception {
    public SymbolException(String message) {
        super(message);
    }
}
