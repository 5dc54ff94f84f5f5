package dev.shadowtrace.shell;

import dev.shadowtrace.runtime.BoundLauncher;
import dev.shadowtrace.runtime.KernelAddress;
import dev.shadowtrace.runtime.KernelSymbols;
import dev.shadowtrace.runtime.Shadow;
import dev.shadowtrace.runtime.ShadowkAbi;
import dev.shadowtrace.runtime.ShadowkDevice;
import dev.shadowtrace.runtime.ShadowkException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code shadowk run}: a new shadow, its patches, and one command bound to it from its exec. */
@Command(name = "run", sortOptions = false,
        header = "Run a command bound to a new shadow that carries the given patches.",
        description = {"Create a shadow, apply the patches to it, and run CMD bound to it from its first"
                + " instruction. Exits with CMD's status (128+N when signal N ended it, 127 when CMD was not"
                + " found); prints nothing of its own unless something fails.",
            "Children of CMD inherit the binding, and programs CMD executes keep it."})
final class RunCommand implements Callable<Integer> {
    @Option(names = "--patch", paramLabel = "SYMBOL[+OFFSET]=HEXBYTES", converter = PatchSpec.Converter.class,
            description = "write HEXBYTES (e.g. b82a000000c3 or 'b8 2a 00 00 00 c3') at SYMBOL+OFFSET"
                    + " (OFFSET decimal or 0x-hex; SYMBOL may be an address 0x...) in the shadow; repeatable")
    List<PatchSpec> patches = new ArrayList<>();

    @Option(names = "--no-fork-inherit", description = "children of CMD run unbound")
    boolean noForkInherit;

    @Option(names = "--exec-reset", description = "programs that CMD execs run unbound (CMD itself stays bound)")
    boolean execReset;

    @Parameters(arity = "1..*", paramLabel = "CMD", description = "the command and its arguments")
    List<String> command;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    @Mixin
    HostOptions host;

    @Spec
    CommandSpec spec;

    /**
     * The command keeps its patched kernel if this launcher dies ({@link ShadowkAbi#BIND_PERSIST}): the
     * binding, not this process, keeps the shadow alive, as it would if the command had bound itself.
     */
    int flags() {
        return ShadowkAbi.BIND_PERSIST | (noForkInherit ? ShadowkAbi.BIND_NO_FORK_INHERIT : 0) | (execReset ? ShadowkAbi.BIND_EXEC_RESET : 0);
    }

    @Override
    public Integer call() throws Exception {
        List<KernelAddress> where = resolve();
        try (ShadowkDevice dev = host.openDevice(); Shadow shadow = dev.createShadow()) {
            for (int i = 0; i < patches.size(); i++) {
                try {
                    shadow.patch(where.get(i).address(), patches.get(i).bytes());
                } catch (ShadowkException e) {
                    throw new ShadowkException(e.errno(), Messages.about(where.get(i), e));
                }
            }
            return BoundLauncher.forShadow(shadow, flags()).run(command);
        }
    }

    private List<KernelAddress> resolve() throws Exception {
        List<KernelAddress> where = new ArrayList<>();
        if (!patches.isEmpty()) {
            KernelSymbols symbols = host.symbols();
            for (PatchSpec p : patches) {
                where.add(symbols.resolve(p.where()));
            }
        }
        return where;
    }
}
