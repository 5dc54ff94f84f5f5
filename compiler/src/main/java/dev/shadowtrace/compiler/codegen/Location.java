package dev.shadowtrace.compiler.codegen;

/**
 * Where a variable or map element lives, with the code to read and write it. Integer values come
 * from and go to {@link ValueStack} slots; strings are 64-byte stack buffers, buffer values 72-byte ones. Reading something
 * that does not exist yet gives 0 or the empty string.
 */
interface Location {
    /** Puts the value into {@code dst} (already pushed). */
    void loadInt(Slot dst);

    /** Stores the value in {@code value} (still on the stack). */
    void storeInt(Slot value);

    /** Adds {@code value} (still on the stack); atomically where other CPUs may write the same place. */
    void addInt(Slot value);

    /** Copies the string or buffer value of {@code size} bytes (64 or 72) to r10 + {@code dest}. */
    void loadBytes(int dest, int size);

    /** Stores the string or buffer value of {@code size} bytes (64 or 72) at r10 + {@code src}. */
    void storeBytes(int src, int size);
}
