package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.target.TargetConfig;
import dev.harness.engine.target.TargetServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file in the project's {@code scenarios/} folder is valid and runs end to end against the
 * embedded target with its criteria met, shortened to a few seconds with the same flags a user
 * would pass.
 */
class ScenariosTest {
  private static final Path DIR = Path.of("..", "scenarios");
  private static TargetServer server;

  @BeforeAll
  static void start() {
    // Two event loops: the perf storm runs four workers in this JVM, and a one-thread target
    // would get a fifth of the CPU on a 2-core runner and be the bottleneck it is not.
    server = TargetServer.start(TargetConfig.builder().threads(2).build());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Stream<Path> scenarios() throws IOException {
    try (Stream<Path> s = Files.list(DIR)) {
      return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @Test
  void theLibraryHasTheDocumentedScenarios() throws IOException {
    List<String> names = scenarios().map(p -> p.getFileName().toString()).toList();
    for (String expected :
        List.of(
            "smoke.yaml",
            "perf-storm.yaml",
            "auth-flow.yaml",
            "spike.yaml",
            "soak.yaml",
            "chaos-drill.yaml",
            "capacity.yaml")) {
      assertTrue(names.contains(expected), expected + " in " + names);
    }
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void validates(Path file) {
    Cli r = Cli.run("validate", file.toString());
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().startsWith("ok   "), r.toString());
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void runsAgainstTheEmbeddedTargetWithItsCriteriaMet(Path file) {
    // A drill needs room for its faults and the seconds after them; the rest fit in 3 s.
    String duration = file.getFileName().toString().equals("chaos-drill.yaml") ? "20s" : "3s";
    Cli r =
        Cli.run(
            "run",
            file.toString(),
            "--target",
            server.url(),
            "--duration",
            duration,
            "--warmup",
            "1s",
            "-q");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("verdict: PASS"), r.toString());
  }
}
