package dev.shadowtrace.compiler.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * {@code cgroupid(PATH)}: the id of a cgroup v2 directory, the value {@code bpf_get_current_cgroup_id}
 * (the built-in {@code cgroup}) returns for a task in it. The kernel's cgroup id is its kernfs node
 * id, which a 64-bit kernel also gives as the directory's inode number ({@code kernfs_id_ino}), so
 * it is read with stat, as bpftrace reads it through name_to_handle_at.
 */
public final class CgroupIds {
    /** Where cgroup v2 is mounted on Debian; a relative path is taken under it, as --cgroup does. */
    public static final Path ROOT = Path.of("/sys/fs/cgroup");

    private CgroupIds() {
    }

    /**
     * The id of the cgroup at {@code path} (absolute, or relative to {@link #ROOT}).
     *
     * @throws IOException with a message saying what is wrong with the path
     */
    public static long of(String path) throws IOException {
        Path dir = ROOT.resolve(path);
        try {
            if (!Files.isDirectory(dir)) {
                throw new NoSuchFileException(dir.toString());
            }
            return (Long) Files.getAttribute(dir, "unix:ino");
        } catch (NoSuchFileException e) {
            throw new IOException("no cgroup directory " + dir, e);
        } catch (UnsupportedOperationException e) {
            throw new IOException("cannot read the inode of " + dir, e);
        }
    }
}
