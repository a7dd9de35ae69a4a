package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harness.engine.testkit.Await;
import dev.harness.engine.testkit.TargetExtension;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generator that runs out of file descriptors says so: refused at start when {@code -c} cannot
 * fit under {@code ulimit -n}, and mid-run (its limit lowered under it) the run ends invalid, exit
 * 3, with the generator named and the result files written, never "the target never answered".
 */
class GeneratorFailureCliTest {
  @RegisterExtension final TargetExtension target = TargetExtension.withDefaults();

  private static List<String> withDescriptorLimit(int limit, List<String> command) {
    List<String> cmd =
        new ArrayList<>(List.of("bash", "-c", "ulimit -n " + limit + "; exec \"$@\"", "sh"));
    cmd.addAll(command);
    return cmd;
  }

  @Test
  void moreConnectionsThanTheDescriptorLimitAreRefusedAtStart(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out.txt");
    List<String> cmd =
        withDescriptorLimit(
            256,
            ChildHarness.command(
                "run", target.server().url() + "/", "-R", "100", "-d", "5s", "-c", "1000"));
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    String text = Files.readString(out);
    assertEquals(2, p.exitValue(), text);
    assertTrue(
        text.contains(
            "connections (1000) need more file descriptors than this process may open:"
                + " limit 256 (ulimit -n)"),
        text);
    assertFalse(text.contains("Exception"), text);
  }

  @Test
  void runningOutOfDescriptorsMidRunEndsTheRunAsTheGeneratorsFailure(@TempDir Path dir)
      throws Exception {
    assumeTrue(new File("/usr/bin/prlimit").canExecute(), "prlimit (util-linux) not installed");
    assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "no /proc");
    Path out = dir.resolve("out.txt");
    Path results = dir.resolve("results");
    // Every answer closes its connection, so the run keeps opening new ones.
    List<String> cmd =
        ChildHarness.command(
            "run",
            target.server().url() + "/",
            "-R",
            "500",
            "-d",
            "30s",
            "-c",
            "50",
            "--max-requests-per-connection",
            "1",
            "--out",
            results.toString());
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    try {
      Await.until("the child sends load", () -> target.server().requestsServed() >= 500);
      // From now on the child may open no descriptor above the ones it holds.
      int limit = lowestFreeDescriptor(p.pid()) + 1;
      Process prlimit =
          new ProcessBuilder(
                  "/usr/bin/prlimit",
                  "--pid",
                  Long.toString(p.pid()),
                  "--nofile=" + limit + ":" + limit)
              .redirectErrorStream(true)
              .start();
      assertTrue(prlimit.waitFor(10, TimeUnit.SECONDS));
      assertEquals(0, prlimit.exitValue(), new String(prlimit.getInputStream().readAllBytes()));
      assertTrue(p.waitFor(25, TimeUnit.SECONDS), "the run ended before its 30 s schedule");
    } finally {
      p.destroyForcibly();
    }
    String text = Files.readString(out);
    assertEquals(3, p.exitValue(), text);
    String expected = "the generator ran out of file descriptors (ulimit -n ";
    assertTrue(text.contains("verdict: INVALID - " + expected), text);
    assertTrue(text.contains("Too many open files"), text);
    assertFalse(text.contains("never answered"), text);
    JsonNode j = new ObjectMapper().readTree(results.resolve("result.json").toFile());
    assertEquals("invalid", j.get("verdict").asText());
    assertTrue(j.get("reason").asText().startsWith(expected), j.toString());
    assertTrue(j.get("durationSeconds").asDouble() < 30, "what ran: " + j.get("durationSeconds"));
  }

  /** The lowest descriptor number {@code pid} does not hold: the next one it would get. */
  private static int lowestFreeDescriptor(long pid) throws Exception {
    Set<Integer> held;
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      held =
          fds.map(f -> Integer.parseInt(f.getFileName().toString()))
              .collect(Collectors.toCollection(TreeSet::new));
    }
    int free = 0;
    while (held.contains(free)) {
      free++;
    }
    return free;
  }
}
