package dev.shadowtrace.compiler.user;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The dynamic loader's cache of x86-64 libraries, name to path, as {@code ldconfig -p} prints it
 * from {@code /etc/ld.so.cache} (lines {@code libc.so.6 (libc6,x86-64) => /lib/x86_64-linux-gnu/libc.so.6});
 * read once, when first asked. Printed rather than parsed from the cache file, whose binary format
 * changed between glibc versions. Entries of other ABIs (i386's {@code libc6}) are left out.
 */
public final class LdCache {
    /** Where Debian has ldconfig; PATH's is tried if it is not there. */
    private static final Path LDCONFIG = Path.of("/sbin/ldconfig");

    /** Where the output of {@code ldconfig -p} comes from. */
    @FunctionalInterface
    private interface Source {
        String read() throws IOException;
    }

    private final Source source;
    private Map<String, Path> libraries;

    private LdCache(Source source) {
        this.source = source;
    }

    /** The cache {@code ldconfig -p} printed as {@code ldconfigOutput}. */
    public static LdCache of(String ldconfigOutput) {
        return new LdCache(() -> ldconfigOutput);
    }

    /** The system's cache, from {@code ldconfig -p} when first asked. */
    public static LdCache system() {
        return new LdCache(LdCache::ldconfig);
    }

    private static Map<String, Path> parse(String ldconfigOutput) {
        Map<String, Path> libraries = new HashMap<>();
        for (String line : ldconfigOutput.split("\n")) {
            int paren = line.indexOf(" (");
            int arrow = line.indexOf(") => ");
            if (!line.startsWith("\t") || paren < 0 || arrow < paren) {
                continue; // the heading "N libs found in cache ..."
            }
            String flags = line.substring(paren + 2, arrow);
            if (flags.contains("x86-64")) {
                libraries.putIfAbsent(line.substring(1, paren), Path.of(line.substring(arrow + 5).strip()));
            }
        }
        return Map.copyOf(libraries);
    }

    private static String ldconfig() throws IOException {
        String ldconfig = Files.isExecutable(LDCONFIG) ? LDCONFIG.toString() : "ldconfig";
        Process process = new ProcessBuilder(ldconfig, "-p").redirectErrorStream(true).start();
        try (InputStream in = process.getInputStream()) {
            String output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(ldconfig + " -p failed: " + output.strip());
            }
            return output;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + ldconfig + " -p", e);
        }
    }

    /** The path of the library called {@code name} ({@code libc.so.6}), if the cache has it. */
    public synchronized Optional<Path> find(String name) throws IOException {
        if (libraries == null) {
            libraries = parse(source.read());
        }
        return Optional.ofNullable(libraries.get(name));
    }
}
