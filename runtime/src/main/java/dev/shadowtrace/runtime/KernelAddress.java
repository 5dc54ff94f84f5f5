package dev.shadowtrace.runtime;

/**
 * A resolved place in the kernel text.
 *
 * @param symbol  the core-text function it is in, or null when none is known
 * @param offset  bytes past the start of {@code symbol}
 * @param address the kernel virtual address
 */
public record KernelAddress(String symbol, long offset, long address) {

    /** "vfs_read+0x4", or the bare address when no symbol is known. */
    public String label() {
        return symbol == null ? ShadowkErrors.hex(address) : symbol + "+0x" + Long.toHexString(offset);
    }

    /** "vfs_read+0x4 (0xffffffff81234564)", or the bare address when no symbol is known. */
    @Override
    public String toString() {
        return symbol == null ? label() : label() + " (" + ShadowkErrors.hex(address) + ")";
    }
}
