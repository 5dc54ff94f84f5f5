package dev.shadowtrace.lang;

import dev.shadowtrace.lang.check.CheckedScript;
import dev.shadowtrace.lang.diag.ScriptException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Every script in the repository's examples/ folder parses and checks, and documents how to run it. */
class ExamplesTest {

    /** Maven runs tests in the module directory (lang/), so the examples are one level up. */
    private static final Path EXAMPLES = Path.of("..", "examples");

    @TestFactory
    Stream<DynamicTest> everyExampleChecks() throws IOException {
        assertTrue(Files.isDirectory(EXAMPLES), "no examples folder at " + EXAMPLES.toAbsolutePath());
        List<Path> scripts;
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            scripts = files.filter(p -> p.toString().endsWith(".d")).sorted().toList();
        }
        assertFalse(scripts.isEmpty(), "no .d files in " + EXAMPLES.toAbsolutePath());
        return scripts.stream().map(path -> DynamicTest.dynamicTest(path.getFileName().toString(), () -> {
            String text = Files.readString(path);
            assertTrue(text.contains("shadowtrace -p"), path + " should say how to run it");
            try {
                CheckedScript checked = Lang.parseAndCheck(path.toString(), text);
                assertFalse(checked.script().clauses().isEmpty(), path + " has no clauses");
            } catch (ScriptException e) {
                fail(e.render());
            }
        }));
    }
}
