package dev.shadowtrace.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shadowtrace.lang.diag.ScriptException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The complete {@code -S} dump (sites, disassembly, maps, layouts, formats) of representative
 * examples, compiled against the fixture kernel, compared with src/test/resources/golden/NAME.txt.
 * After an intended change, regenerate the files and review the diff:
 *
 * <pre>
 * mvn -o -pl lang,compiler test -Dshadowtrace.golden.update=true
 * </pre>
 */
class GoldenTest {
    private static final Path EXAMPLES = Path.of("..", "examples");
    private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");
    private static final boolean UPDATE = Boolean.getBoolean("shadowtrace.golden.update");

    @ParameterizedTest
    @ValueSource(strings = {"readlatency", "memcached_reads", "opens", "funccount", "writesize_bt", "sendstacks"})
    void dumpMatchesGolden(String name) throws IOException, ScriptException {
        String text = Files.readString(EXAMPLES.resolve(name + ".d"));
        String dump = Fixtures.compile("examples/" + name + ".d", text).dump();
        Path golden = GOLDEN.resolve(name + ".txt");
        if (UPDATE) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, dump);
        }
        assertEquals(Files.readString(golden), dump,
                "generated code changed; if intended, rerun with -Dshadowtrace.golden.update=true and review the diff");
    }
}
