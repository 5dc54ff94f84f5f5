package dev.shadowtrace.runtime;

/** The Linux {@code _IOC} encoding of ioctl request numbers (include/uapi/asm-generic/ioctl.h). */
public final class Ioctl {
    private Ioctl() {}

    private static final int NRBITS = 8;
    private static final int TYPEBITS = 8;
    private static final int SIZEBITS = 14;
    private static final int NRSHIFT = 0;
    private static final int TYPESHIFT = NRSHIFT + NRBITS;
    private static final int SIZESHIFT = TYPESHIFT + TYPEBITS;
    private static final int DIRSHIFT = SIZESHIFT + SIZEBITS;

    static final int NONE = 0;
    static final int WRITE = 1;
    static final int READ = 2;

    static long ioc(int dir, int type, int nr, int size) {
        if (size < 0 || size >= (1 << SIZEBITS)) {
            throw new IllegalArgumentException("ioctl argument size out of range: " + size);
        }
        return ((long) dir << DIRSHIFT) | ((long) type << TYPESHIFT) | ((long) nr << NRSHIFT)
                | ((long) size << SIZESHIFT);
    }

    public static long io(int type, int nr) {
        return ioc(NONE, type, nr, 0);
    }

    public static long ior(int type, int nr, int size) {
        return ioc(READ, type, nr, size);
    }

    public static long iow(int type, int nr, int size) {
        return ioc(WRITE, type, nr, size);
    }

    public static long iowr(int type, int nr, int size) {
        return ioc(READ | WRITE, type, nr, size);
    }
}
