package dev.shadowtrace.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads {@code shadowk} with {@code modprobe} when {@code /dev/shadowk} is missing, for the tools
 * installed from the package (their launchers set {@value #PROPERTY}{@code =true}; a checkout's
 * tools never load a module on their own). A failure is explained by {@link ModuleLoadDiagnosis}.
 */
public final class ModuleLoader {
    /** The system property that enables loading on demand. */
    public static final String PROPERTY = "shadowtrace.modprobe";
    /** The version DKMS knows the packaged module by (the launcher passes it; the tool's own otherwise). */
    public static final String VERSION_PROPERTY = "shadowtrace.module-version";

    private static final Pattern LOCKDOWN_MODE = Pattern.compile("\\[(\\w+)]");

    private ModuleLoader() {
    }

    public static boolean enabled() {
        return Boolean.getBoolean(PROPERTY);
    }

    /** Runs {@code modprobe shadowk}; returns when it loaded, throws the explained failure otherwise. */
    public static void load() throws ShadowkException {
        String stderr;
        int status;
        try {
            Process p = new ProcessBuilder("modprobe", "shadowk").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new ShadowkException(0, "'modprobe shadowk' did not finish in 60 s");
            }
            status = p.exitValue();
        } catch (IOException e) {
            throw new ShadowkException(0, "cannot run modprobe to load the shadowk module: " + e.getMessage()
                    + " (install the kmod package)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ShadowkException(0, "interrupted while loading the shadowk module");
        }
        if (status != 0) {
            throw new ShadowkException(0, ModuleLoadDiagnosis.explain(facts(stderr)));
        }
    }

    static ModuleLoadDiagnosis.Facts facts(String modprobeError) {
        String release = read(Path.of("/proc/sys/kernel/osrelease"));
        String version = System.getProperty(VERSION_PROPERTY, "");
        Path log = Path.of("/var/lib/dkms/shadowk", version, "build", "make.log");
        return new ModuleLoadDiagnosis.Facts(
                System.getProperty("os.arch"),
                release,
                isEuidZero(),
                version,
                Files.isDirectory(Path.of("/lib/modules", release, "build")),
                !version.isEmpty() && Files.isRegularFile(log) ? log.toString() : null,
                lockdown(read(Path.of("/sys/kernel/security/lockdown"))),
                modprobeError);
    }

    /** The bracketed mode of {@code /sys/kernel/security/lockdown} ("none [integrity] confidentiality"). */
    static String lockdown(String file) {
        Matcher m = LOCKDOWN_MODE.matcher(file);
        return m.find() ? m.group(1) : null;
    }

    private static boolean isEuidZero() {
        String status = read(Path.of("/proc/self/status"));
        for (String line : status.split("\n")) {
            if (line.startsWith("Uid:")) {
                String[] ids = line.substring(4).trim().split("\\s+");
                return ids.length > 1 && ids[1].equals("0");
            }
        }
        return false;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p).strip();
        } catch (IOException e) {
            return "";
        }
    }
}
