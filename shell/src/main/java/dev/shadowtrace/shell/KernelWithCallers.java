package dev.shadowtrace.shell;

import dev.shadowtrace.compiler.kernel.KernelInfo;
import dev.shadowtrace.compiler.kernel.KernelWithCallersOf;
import dev.shadowtrace.runtime.Errno;
import dev.shadowtrace.runtime.ShadowkDevice;
import dev.shadowtrace.runtime.ShadowkException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The running kernel as scripts are compiled for it, with the shadowk module telling who calls a
 * function (SHADOWK_IOC_CALLERS), so that the compiler can suggest where to probe instead of a
 * function that has no ftrace site. The module answers with function addresses, which are named
 * with the kernel's own symbols. When the module is absent or stale, or a request fails, nobody is
 * known to call anything: the compiler then just does not suggest.
 */
final class KernelWithCallers extends KernelWithCallersOf {
    /** The module's answer for the function at one address: its direct callers' addresses. */
    interface CallerAddresses {
        List<Long> of(long function) throws ShadowkException;
    }

    private final CallerAddresses module;
    private Map<Long, String> names;
    private boolean unavailable;

    KernelWithCallers(KernelInfo kernel, CallerAddresses module) {
        super(kernel);
        this.module = module;
    }

    /**
     * Asks the module at {@code devicePath}, which is opened for each question: questions come only
     * after a function was found untraceable, and then a few dozen at most.
     */
    static KernelWithCallers asking(KernelInfo kernel, String devicePath) {
        return new KernelWithCallers(kernel, address -> {
            try (ShadowkDevice device = ShadowkDevice.open(devicePath)) {
                device.requireCompatible();
                return device.callers(address);
            }
        });
    }

    /**
     * The callers of every function named {@code function} (static functions of different files
     * share names), by name, sorted. An address the module does not take for a function start
     * (ERANGE) adds nothing; any other failure means the module cannot help, now or later.
     */
    @Override
    public List<String> callersOf(String function) {
        List<Long> addresses = textFunctions().get(function);
        if (addresses == null || unavailable) {
            return List.of();
        }
        Set<String> callers = new TreeSet<>();
        for (long address : addresses) {
            try {
                for (long caller : module.of(address)) {
                    String name = nameAt(caller);
                    if (name != null) {
                        callers.add(name);
                    }
                }
            } catch (ShadowkException e) {
                if (e.errno() != Errno.ERANGE) {
                    unavailable = true;
                    return List.of();
                }
            }
        }
        return List.copyOf(callers);
    }

    /**
     * The name of the function that starts at {@code address}: of several names at one address
     * (aliases), a traceable one, then the first in name order; null for an address no symbol has.
     */
    private String nameAt(long address) {
        if (names == null) {
            names = new HashMap<>();
            Set<String> traceable = traceableFunctions();
            textFunctions().forEach((name, at) -> at.forEach(a -> names.merge(a, name, (old, candidate) ->
                    traceable.contains(old) != traceable.contains(candidate)
                            ? (traceable.contains(old) ? old : candidate)
                            : (old.compareTo(candidate) <= 0 ? old : candidate))));
        }
        return names.get(address);
    }
}
