package dev.shadowtrace.runtime;

/** What SHADOWK_IOC_VERSION reports: the module's ABI, backend and kernel. */
public record ModuleVersion(int abiVersion, Backend backend, int features, String moduleVersion,
        String kernelRelease) {

    /** How the module remaps kernel text on this machine. */
    public enum Backend {
        NATIVE("native"), XEN_PV("xen-pv"), UNKNOWN("unknown");

        private final String label;

        Backend(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        static Backend of(int code) {
            return switch (code) {
                case ShadowkAbi.BACKEND_NATIVE -> NATIVE;
                case ShadowkAbi.BACKEND_XEN_PV -> XEN_PV;
                default -> UNKNOWN;
            };
        }
    }

    public boolean compatible() {
        return abiVersion == ShadowkAbi.ABI_VERSION;
    }

    public boolean la57() {
        return (features & ShadowkAbi.FEAT_LA57) != 0;
    }

    public boolean ibt() {
        return (features & ShadowkAbi.FEAT_IBT) != 0;
    }
}
