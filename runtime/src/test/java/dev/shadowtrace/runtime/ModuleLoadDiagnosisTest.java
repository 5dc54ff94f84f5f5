package dev.shadowtrace.runtime;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModuleLoadDiagnosisTest {
    private static final String KVER = "6.1.0-57-amd64";
    private static final String NOT_FOUND = "modprobe: FATAL: Module shadowk not found in directory /lib/modules/" + KVER;

    private static ModuleLoadDiagnosis.Facts facts(String arch, boolean root, boolean headers, String log,
            String lockdown, String error) {
        return new ModuleLoadDiagnosis.Facts(arch, KVER, root, "0.1.0", headers, log, lockdown, error);
    }

    private static String explain(boolean headers, String log, String lockdown, String error) {
        return ModuleLoadDiagnosis.explain(facts("amd64", true, headers, log, lockdown, error));
    }

    @Test
    void anotherArchitectureIsNamed() {
        assertEquals("shadowk supports x86-64 kernels only, and this machine is aarch64",
                ModuleLoadDiagnosis.explain(facts("aarch64", true, true, null, "none", NOT_FOUND)));
    }

    @Test
    void loadingNeedsRoot() {
        assertEquals("the shadowk module is not loaded, and loading it needs root: run this as root (sudo)",
                ModuleLoadDiagnosis.explain(facts("amd64", false, true, null, "none", "modprobe: ERROR: ...")));
    }

    @Test
    void missingHeadersSayWhichPackage() {
        assertEquals("shadowk is not built for the running kernel " + KVER + " because its headers are not installed:"
                + " install them ('apt-get install linux-headers-" + KVER + "'), and DKMS builds the module"
                + " ('dkms autoinstall' does it at once)", explain(false, null, "none", NOT_FOUND));
    }

    @Test
    void aFailedBuildPointsAtItsLog() {
        String log = "/var/lib/dkms/shadowk/0.1.0/build/make.log";
        assertEquals("DKMS could not build shadowk 0.1.0 for the running kernel " + KVER + ": see " + log
                + " (shadowk supports Debian's 6.1 and 6.12 kernels on x86-64)", explain(true, log, "none", NOT_FOUND));
    }

    @Test
    void notBuiltYetSaysHowToBuild() {
        assertEquals("shadowk is not built for the running kernel " + KVER + ": build it with 'dkms install"
                + " shadowk/0.1.0 -k " + KVER + "'", explain(true, null, "none", NOT_FOUND));
    }

    @Test
    void secureBootRejectionSaysHowToEnrollTheKey() {
        String m = explain(true, null, "integrity",
                "modprobe: ERROR: could not insert 'shadowk': Key was rejected by service");
        assertTrue(m.startsWith("the kernel refused shadowk's signature (Secure Boot"), m);
        assertTrue(m.contains("mokutil --import /var/lib/dkms/mok.pub"), m);
    }

    @Test
    void lockdownRefusalNamesTheMode() {
        String m = explain(true, null, "integrity",
                "modprobe: ERROR: could not insert 'shadowk': Operation not permitted");
        assertTrue(m.startsWith("kernel lockdown (integrity) refuses to load shadowk, which is not signed by a key"
                + " the kernel trusts: "), m);
        assertTrue(m.contains("mokutil --import /var/lib/dkms/mok.pub"), m);
    }

    @Test
    void permissionDeniedWithoutLockdownIsNotBlamedOnIt() {
        assertEquals("'modprobe shadowk' failed: modprobe: ERROR: could not insert 'shadowk': Operation not permitted",
                explain(true, null, "none", "modprobe: ERROR: could not insert 'shadowk': Operation not permitted"));
    }

    @Test
    void aModuleForAnotherKernelIsRebuilt() {
        assertEquals("the installed shadowk.ko was built for another kernel than the running " + KVER
                + ": rebuild it with 'dkms install shadowk/0.1.0 -k " + KVER + " --force'",
                explain(true, null, "none", "modprobe: ERROR: could not insert 'shadowk': Exec format error"));
    }

    @Test
    void anUnsupportedKernelPointsAtDmesg() {
        String m = explain(true, null, "none", "modprobe: ERROR: could not insert 'shadowk': Unknown symbol in module,"
                + " or unknown parameter (see dmesg)");
        assertTrue(m.startsWith("shadowk does not support the running kernel " + KVER), m);
        assertTrue(m.contains("dmesg | grep shadowk"), m);
    }

    @Test
    void lockdownModeIsTheBracketedOne() {
        assertEquals("integrity", ModuleLoader.lockdown("none [integrity] confidentiality"));
        assertEquals("none", ModuleLoader.lockdown("[none] integrity confidentiality"));
        assertNull(ModuleLoader.lockdown(""));
    }
}
