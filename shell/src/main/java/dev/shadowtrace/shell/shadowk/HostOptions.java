package dev.shadowtrace.shell.shadowk;

import dev.shadowtrace.runtime.KernelSymbols;
import dev.shadowtrace.runtime.ShadowkAbi;
import dev.shadowtrace.runtime.ShadowkDevice;
import dev.shadowtrace.runtime.ShadowkException;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** Where {@code shadowk} finds the module and the kernel's symbols; hidden options, for tests. */
final class HostOptions {
    @Option(names = "--device", hidden = true, paramLabel = "PATH")
    String device = ShadowkAbi.DEVICE_PATH;

    @Option(names = "--kallsyms", hidden = true, paramLabel = "PATH")
    Path kallsyms = KernelSymbols.KALLSYMS;

    /** The device, after checking that the module speaks this tool's ABI. */
    ShadowkDevice openDevice() throws ShadowkException {
        ShadowkDevice dev = ShadowkDevice.open(device);
        try {
            dev.requireCompatible();
            return dev;
        } catch (ShadowkException | RuntimeException e) {
            dev.close();
            throw e;
        }
    }

    KernelSymbols symbols() throws IOException {
        return KernelSymbols.load(kallsyms);
    }
}
