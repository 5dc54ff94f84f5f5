package dev.shadowtrace.runtime;

import java.util.Locale;

/**
 * Why {@code modprobe shadowk} failed, in the user's terms, and what to do about it: the known
 * failures of an out-of-tree module installed through DKMS (no headers for the running kernel, a
 * failed DKMS build, Secure Boot or lockdown refusing an unsigned module, a module built for
 * another kernel, a kernel the module does not support). A pure function of what the loader saw,
 * so that every message is tested without a kernel.
 */
public final class ModuleLoadDiagnosis {
    /** Where DKMS keeps its public key for module signing (Debian's dkms 3: {@code mok.pub}). */
    static final String MOK_PUB = "/var/lib/dkms/mok.pub";

    /**
     * What the loader saw.
     *
     * @param arch          the JVM's {@code os.arch} ({@code amd64} on x86-64)
     * @param release       the running kernel's release ({@code uname -r})
     * @param root          whether the tool runs as root
     * @param moduleVersion the module version this tool was packaged with (the DKMS version)
     * @param headers       whether {@code /lib/modules/RELEASE/build} exists
     * @param dkmsLog       the DKMS build log of this version, when one was left behind (a failed build), else null
     * @param lockdown      the kernel lockdown mode ({@code none}, {@code integrity}, {@code confidentiality}),
     *                      or null when it cannot be read
     * @param modprobeError what modprobe printed on stderr
     */
    public record Facts(String arch, String release, boolean root, String moduleVersion, boolean headers,
            String dkmsLog, String lockdown, String modprobeError) {
    }

    private ModuleLoadDiagnosis() {
    }

    /** The message for a failed {@code modprobe shadowk}: one sentence, what happened, then what to do. */
    public static String explain(Facts f) {
        String error = f.modprobeError() == null ? "" : f.modprobeError().strip();
        String lower = error.toLowerCase(Locale.ROOT);
        if (!f.arch().equals("amd64") && !f.arch().equals("x86_64")) {
            return "shadowk supports x86-64 kernels only, and this machine is " + f.arch();
        }
        if (!f.root()) {
            return "the shadowk module is not loaded, and loading it needs root: run this as root (sudo)";
        }
        if (lower.contains("not found in directory")) {
            return notBuilt(f);
        }
        if (lower.contains("key was rejected")) {
            return "the kernel refused shadowk's signature (Secure Boot accepts only modules signed by an enrolled key): "
                    + enrollAdvice(f.moduleVersion());
        }
        if (lower.contains("operation not permitted") && locked(f.lockdown())) {
            return "kernel lockdown (" + f.lockdown() + ") refuses to load shadowk, which is not signed by a key the"
                    + " kernel trusts: " + enrollAdvice(f.moduleVersion());
        }
        if (lower.contains("exec format error") || lower.contains("invalid module format")
                || lower.contains("invalid argument")) {
            return "the installed shadowk.ko was built for another kernel than the running " + f.release()
                    + ": rebuild it with 'dkms install shadowk/" + f.moduleVersion() + " -k " + f.release()
                    + " --force'";
        }
        if (lower.contains("unknown symbol")) {
            return "shadowk does not support the running kernel " + f.release() + " (it could not find a kernel"
                    + " function it needs; 'dmesg | grep shadowk' names it): supported are Debian's 6.1 and 6.12"
                    + " kernels on x86-64";
        }
        return "'modprobe shadowk' failed" + (error.isEmpty() ? "" : ": " + error);
    }

    private static String notBuilt(Facts f) {
        if (!f.headers()) {
            return "shadowk is not built for the running kernel " + f.release() + " because its headers are not"
                    + " installed: install them ('apt-get install linux-headers-" + f.release() + "'), and DKMS"
                    + " builds the module ('dkms autoinstall' does it at once)";
        }
        if (f.dkmsLog() != null) {
            return "DKMS could not build shadowk " + f.moduleVersion() + " for the running kernel " + f.release()
                    + ": see " + f.dkmsLog() + " (shadowk supports Debian's 6.1 and 6.12 kernels on x86-64)";
        }
        return "shadowk is not built for the running kernel " + f.release() + ": build it with 'dkms install shadowk/"
                + f.moduleVersion() + " -k " + f.release() + "'";
    }

    private static boolean locked(String lockdown) {
        return lockdown != null && !lockdown.equals("none");
    }

    private static String enrollAdvice(String version) {
        return "DKMS signs the modules it builds with its own key; enroll that key once with 'mokutil --import "
                + MOK_PUB + "', reboot and confirm it in the MOK manager (a module built before DKMS had its key"
                + " needs 'dkms install shadowk/" + version + " --force' too)";
    }
}
