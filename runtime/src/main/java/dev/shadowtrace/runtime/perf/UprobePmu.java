package dev.shadowtrace.runtime.perf;

import com.sun.jna.Memory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernel's "uprobe" PMU (Linux 4.17): {@code perf_event_open} with its dynamic type, the file's
 * path in config1 and the offset in config2 creates a local uprobe ({@code perf_uprobe_init}) for
 * that one event, no entry in {@code uprobe_events}; the return-probe bit of config is read from
 * the PMU's {@code format/retprobe} ("config:0").
 */
public final class UprobePmu {
    static final Path DEVICE = Path.of("/sys/bus/event_source/devices/uprobe");
    private static final Pattern CONFIG_BIT = Pattern.compile("config:(\\d+)");

    private final int type;
    private final int retprobeBit;

    UprobePmu(int type, int retprobeBit) {
        this.type = type;
        this.retprobeBit = retprobeBit;
    }

    /** The PMU of the running kernel, from sysfs. */
    public static UprobePmu open() throws IOException {
        return read(DEVICE);
    }

    static UprobePmu read(Path device) throws IOException {
        if (!Files.isDirectory(device)) {
            throw new IOException("the kernel has no uprobe PMU (" + device + "): user probes need"
                    + " CONFIG_UPROBE_EVENTS and Linux 4.17 or later");
        }
        int type = Integer.parseInt(Files.readString(device.resolve("type")).trim());
        String format = Files.readString(device.resolve("format/retprobe")).trim();
        Matcher m = CONFIG_BIT.matcher(format);
        if (!m.matches()) {
            throw new IOException("unexpected " + device.resolve("format/retprobe") + ": '" + format + "'");
        }
        return new UprobePmu(type, Integer.parseInt(m.group(1)));
    }

    /**
     * Opens a disabled uprobe event at {@code offset} in {@code path} for the process {@code pid}
     * (its filter then installs the breakpoint in that process's address space only).
     */
    public PerfEvent open(String path, long offset, boolean retprobe, int pid, String what)
            throws PerfEventException {
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        try (Memory name = new Memory(bytes.length + 1);
             PerfEventAttr attr = new PerfEventAttr(type, retprobe ? 1L << retprobeBit : 0)) {
            name.write(0, bytes, 0, bytes.length);
            name.setByte(bytes.length, (byte) 0);
            attr.flags(PerfEventAttr.DISABLED).samplePeriod(1).wakeupEvents(1)
                    .config1(com.sun.jna.Pointer.nativeValue(name)).config2(offset);
            return PerfEvent.open(attr, pid, -1, what);
        }
    }
}
