package dev.shadowtrace.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowtrace.compiler.bpf.BpfMachine;
import dev.shadowtrace.compiler.bpf.MapSpec;
import dev.shadowtrace.compiler.bpf.ProgramChecker;
import dev.shadowtrace.compiler.layout.Limits;
import dev.shadowtrace.compiler.user.UserTarget;
import dev.shadowtrace.lang.Lang;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every example, and every script of the verifier corpus (src/test/resources/verifier, which the VM
 * test also loads into real kernels), compiles against the fixture kernel into programs that pass
 * the structural checker, reference only declared maps, and run in the simulator without a stray
 * memory access.
 */
class ExamplesCompileTest {
    /** $target of the pid examples, as their Run lines have it: bash, whose dynamic symbols include main. */
    private static final UserTarget BASH = UserTarget.command(Path.of("/bin/bash"));
    private static final List<Path> FOLDERS = List.of(Path.of("..", "examples"),
            Path.of("src", "test", "resources", "verifier"));

    @TestFactory
    Stream<DynamicTest> everyScriptCompiles() throws IOException {
        List<Path> scripts = new ArrayList<>();
        for (Path folder : FOLDERS) {
            try (Stream<Path> files = Files.list(folder)) {
                List<Path> found = files.filter(p -> p.toString().endsWith(".d")).sorted().toList();
                assertFalse(found.isEmpty(), "no scripts in " + folder);
                scripts.addAll(found);
            }
        }
        return scripts.stream().map(path -> DynamicTest.dynamicTest(path.toString(), () -> {
            CompiledScript compiled = new ScriptCompiler(Fixtures.TRACED_KERNEL, Limits.DEFAULTS, BASH)
                    .compile(Lang.parseAndCheck(path.toString(), Files.readString(path)));
            assertFalse(compiled.programs().isEmpty(), "every example traces something in the kernel");
            Set<String> mapNames = new HashSet<>();
            compiled.maps().stream().map(MapSpec::name).forEach(name -> assertTrue(mapNames.add(name), name));
            Set<String> programNames = new HashSet<>();
            BpfMachine machine = new BpfMachine(compiled.maps());
            machine.kernelString(0x1000, "/etc/passwd");
            for (ProbeProgram p : compiled.programs()) {
                assertEquals(List.of(), ProgramChecker.check(p.program()), p.name());
                assertTrue(p.name().length() <= MapSpec.MAX_NAME_LENGTH && programNames.add(p.name()), p.name());
                assertTrue(mapNames.containsAll(p.program().mapNames()), p.name() + " uses undeclared maps");
                assertFalse(p.sites().isEmpty());
                assertEquals(0, machine.run(p.program(), Map.of(Sim.DI, 0x1000L, Sim.DX, 100L, Sim.AX, 10L,
                        Sim.IP, p.sites().get(0).address())));
            }
        }));
    }
}
