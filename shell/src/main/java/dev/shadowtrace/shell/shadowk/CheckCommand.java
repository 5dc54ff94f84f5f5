package dev.shadowtrace.shell.shadowk;

import dev.shadowtrace.runtime.KernelAddress;
import dev.shadowtrace.runtime.ShadowkDevice;
import dev.shadowtrace.runtime.ShadowkException;
import dev.shadowtrace.runtime.SymbolRef;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code shadowk check}: would the module accept a patch here? */
@Command(name = "check", sortOptions = false,
        header = "Tell whether the module would accept a patch at a place.",
        description = {"Say whether the module would accept a patch of HEXBYTES (default: cc, one int3) at"
                + " SYMBOL+OFFSET, without creating a shadow. Prints 'SYMBOL+0xOFF (0xADDR): ok, owns N bytes'"
                + " and exits 0, or 'SYMBOL+0xOFF (0xADDR): refused: REASON' and exits 1."})
final class CheckCommand implements Callable<Integer> {
    static final byte[] INT3 = {(byte) 0xcc};

    @Parameters(index = "0", paramLabel = "SYMBOL[+OFFSET]", converter = PatchSpec.WhereConverter.class,
            description = "a core kernel function (or an address 0x...), OFFSET decimal or 0x-hex")
    SymbolRef where;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "HEXBYTES",
            description = "the bytes, e.g. b82a000000c3 or b8 2a 00 00 00 c3")
    List<String> hex;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    @Mixin
    HostOptions host;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        byte[] bytes = bytes();
        KernelAddress at = host.symbols().resolve(where);
        PrintWriter out = spec.commandLine().getOut();
        try (ShadowkDevice dev = host.openDevice()) {
            long ownedEnd = dev.check(at.address(), bytes);
            out.println(accepted(at, ownedEnd));
            return 0;
        } catch (ShadowkException e) {
            if (!e.refusal()) {
                throw new ShadowkException(e.errno(), Messages.about(at, e));
            }
            out.println(refused(at, e));
            return 1;
        } finally {
            out.flush();
        }
    }

    static String accepted(KernelAddress at, long ownedEnd) {
        return at + ": ok, owns " + Long.toUnsignedString(ownedEnd - at.address()) + " bytes";
    }

    static String refused(KernelAddress at, ShadowkException e) {
        return at + ": refused: " + e.reason();
    }

    private byte[] bytes() {
        if (hex == null || hex.isEmpty()) {
            return INT3;
        }
        try {
            return HexBytes.parse(String.join(" ", hex));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "HEXBYTES: " + e.getMessage());
        }
    }
}
