package dev.shadowtrace.shell.output;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * Reads back, with HdrHistogram itself, what {@code shadowtrace --json} and {@code --hdr-log}
 * wrote, for the VM test tests/vm/hdr.sh; run with the test classes on the class path:
 *
 * <pre>
 * java -cp shell/target/shadowtrace.jar:shell/target/test-classes dev.shadowtrace.shell.output.HdrCheckMain decode BASE64 1 1000 8
 * java -cp ... dev.shadowtrace.shell.output.HdrCheckMain log FILE
 * </pre>
 *
 * {@code decode BASE64 FROM TO TIMES} prints {@code count C p50 P p99 Q same|different}: the decoded
 * histogram's count and percentiles, and whether it equals one that recorded each of FROM..TO
 * TIMES times, at its precision.
 * {@code log} prints one line {@code TAG COUNT} per interval histogram, then
 * {@code histograms N total T}.
 */
public final class HdrCheckMain {
    private HdrCheckMain() {}

    public static void main(String[] args) throws IOException, DataFormatException {
        if (args.length == 5 && args[0].equals("decode")) {
            Histogram decoded = Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(args[1])), 0);
            Histogram expected = new Histogram(decoded.getNumberOfSignificantValueDigits());
            for (long v = Long.parseLong(args[2]); v <= Long.parseLong(args[3]); v++) {
                expected.recordValueWithCount(v, Long.parseLong(args[4]));
            }
            System.out.println("count " + decoded.getTotalCount() + " p50 " + decoded.getValueAtPercentile(50)
                    + " p99 " + decoded.getValueAtPercentile(99) + (decoded.equals(expected) ? " same" : " different"));
        } else if (args.length == 2 && args[0].equals("log")) {
            int histograms = 0;
            long total = 0;
            try (HistogramLogReader reader = new HistogramLogReader(new FileInputStream(args[1]))) {
                for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
                    long count = ((Histogram) h).getTotalCount();
                    System.out.println(h.getTag() + " " + count);
                    histograms++;
                    total += count;
                }
            }
            System.out.println("histograms " + histograms + " total " + total);
        } else {
            System.err.println("usage: HdrCheckMain decode BASE64 FROM TO TIMES | log FILE");
            System.exit(2);
        }
    }
}
