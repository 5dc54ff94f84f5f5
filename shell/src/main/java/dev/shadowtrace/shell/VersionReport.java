package dev.shadowtrace.shell;

import dev.shadowtrace.runtime.ModuleVersion;
import dev.shadowtrace.runtime.ShadowkAbi;
import dev.shadowtrace.runtime.ShadowkDevice;
import dev.shadowtrace.runtime.ShadowkException;

/** What {@code shadowtrace --version} reports: the tool, and the module when one is loaded. */
record VersionReport(ModuleVersion module, String moduleError) {

    static VersionReport probe() {
        try (ShadowkDevice dev = ShadowkDevice.open()) {
            return new VersionReport(dev.version(), null);
        } catch (ShadowkException e) {
            return new VersionReport(null, e.getMessage());
        }
    }

    /** The module's version string is not the tool's: they were built from different sources. */
    boolean versionMismatch() {
        return module != null && !module.moduleVersion().equals(Main.VERSION);
    }

    String toText() {
        StringBuilder sb = new StringBuilder("shadowtrace " + Main.VERSION + " (ABI " + ShadowkAbi.ABI_VERSION + ")\n");
        if (module == null) {
            sb.append("shadowk module: not available: ").append(moduleError);
        } else {
            sb.append("shadowk module: ").append(module.moduleVersion())
                    .append(", ABI ").append(module.abiVersion())
                    .append(module.compatible() ? "" : " (INCOMPATIBLE: this tool speaks ABI "
                            + ShadowkAbi.ABI_VERSION + ")")
                    .append(", backend ").append(module.backend().label())
                    .append(", kernel ").append(module.kernelRelease())
                    .append(module.la57() ? ", 5-level paging" : ", 4-level paging")
                    .append(module.ibt() ? ", IBT" : "");
            if (versionMismatch()) {
                sb.append("\nwarning: the tool is ").append(Main.VERSION).append(" and the loaded module ")
                        .append(module.moduleVersion()).append(": load the module that came with the tool"
                                + " (rmmod shadowk; modprobe shadowk), or install matching versions");
            }
        }
        return sb.toString();
    }

    String toJson() {
        StringBuilder sb = new StringBuilder("{\"version\":").append(Json.quote(Main.VERSION))
                .append(",\"abi\":").append(ShadowkAbi.ABI_VERSION).append(",\"module\":");
        if (module == null) {
            sb.append("null,\"module_error\":").append(Json.quote(moduleError));
        } else {
            sb.append("{\"version\":").append(Json.quote(module.moduleVersion()))
                    .append(",\"abi\":").append(module.abiVersion())
                    .append(",\"compatible\":").append(module.compatible())
                    .append(",\"backend\":").append(Json.quote(module.backend().label()))
                    .append(",\"kernel\":").append(Json.quote(module.kernelRelease()))
                    .append(",\"la57\":").append(module.la57())
                    .append(",\"ibt\":").append(module.ibt())
                    .append(",\"version_mismatch\":").append(versionMismatch()).append('}');
        }
        return sb.append('}').toString();
    }
}
