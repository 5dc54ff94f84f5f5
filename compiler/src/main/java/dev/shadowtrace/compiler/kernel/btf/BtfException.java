package dev.shadowtrace.compiler.kernel.btf;

/** A type question BTF answers no: an unknown member, type or function, said in words. */
public final class BtfException extends Exception {
    public BtfException(String message) {
        super(message);
    }
}
