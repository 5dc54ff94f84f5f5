package dev.shadowtrace.compiler.codegen;

/**
 * Where a variable or map element lives, with the code to read and write it. Integer values come
 * from and go to {@link ValueStack} slots; strings are 64-byte stack buffers. Reading something
 * that does not exist yet gives 0 or the empty string.
 */
interface Location {
    /** Puts the value into {@code dst} (already pushed). */
    void loadInt(Slot dst);

    /** Stores the value in {@code value} (still on the stack). */
    void storeInt(Slot value);

    /** Adds {@code value} (still on the stack); atomically where other CPUs may write the same place. */
    void addInt(Slot value);

    /** Copies the string to the 64-byte buffer at r10 + {@code dest}. */
    void loadString(int dest);

    /** Stores the string in the 64-byte buffer at r10 + {@code src}. */
    void storeString(int src);
}
