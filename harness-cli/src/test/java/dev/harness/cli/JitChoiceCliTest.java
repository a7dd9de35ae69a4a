package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harness.engine.testkit.TargetExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} chooses its JVM's JIT compilers ({@code --jit}, default auto): C1 alone for the open
 * model, C1 and C2 for the closed model, and result.json and the summary say which ran. In a child
 * JVM, as the choice is the process's own and for good.
 */
class JitChoiceCliTest {
  @RegisterExtension static final TargetExtension target = TargetExtension.withDefaults();

  private static String jitOfRun(Path dir, String... flags) throws Exception {
    return jitOfRun(dir, List.of(), flags);
  }

  private static String jitOfRun(Path dir, List<String> jvm, String... flags) throws Exception {
    Path json = dir.resolve("result.json");
    Path out = dir.resolve("out.txt");
    List<String> args = new ArrayList<>(List.of("run", target.url() + "/", "-d", "1s", "-c", "4"));
    args.addAll(List.of(flags));
    args.addAll(List.of("--json", json.toString()));
    List<String> cmd = new ArrayList<>(ChildHarness.command(args.toArray(String[]::new)));
    cmd.addAll(cmd.indexOf("-cp"), jvm);
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    String text = Files.readString(out);
    // A JVM writing a class archive fails at its exit on this class path of folders (it archives
    // jars only), after the run wrote its results.
    if (jvm.isEmpty()) {
      assertEquals(0, p.exitValue(), text);
    }
    String jit = new ObjectMapper().readTree(json.toFile()).path("run").path("jit").asText();
    assertTrue(text.contains(", JIT " + (jit.equals("c1") ? "C1 only" : "C1+C2")), text);
    return jit;
  }

  @Test
  void theOpenModelRunsOnC1AloneAndTheClosedOnC1AndC2(@TempDir Path dir) throws Exception {
    assertEquals("c1", jitOfRun(Files.createDirectory(dir.resolve("open")), "-R", "200"));
    assertEquals("tiered", jitOfRun(Files.createDirectory(dir.resolve("closed")), "--closed"));
  }

  @Test
  void theFlagOverridesAuto(@TempDir Path dir) throws Exception {
    assertEquals(
        "tiered",
        jitOfRun(Files.createDirectory(dir.resolve("open")), "-R", "200", "--jit", "tiered"));
    assertEquals(
        "c1", jitOfRun(Files.createDirectory(dir.resolve("closed")), "--closed", "--jit", "c1"));
  }

  @Test
  void aRunThatWritesAClassArchiveKeepsC2(@TempDir Path dir) throws Exception {
    // The archive would carry C2's exclusion into every JVM that maps it, closed runs too.
    String archive = "-XX:ArchiveClassesAtExit=" + dir.resolve("classes.jsa");
    assertEquals(
        "tiered",
        jitOfRun(Files.createDirectory(dir.resolve("run")), List.of(archive), "-R", "200"));
  }

  @Test
  void aBadChoiceIsOneLineAndExit2(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out.txt");
    Process p =
        new ProcessBuilder(
                ChildHarness.command("run", target.url() + "/", "-R", "10", "--jit", "c2"))
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(2, p.exitValue());
    assertEquals(
        "harness: --jit must be auto, c1 or tiered, got 'c2'", Files.readString(out).strip());
  }
}
