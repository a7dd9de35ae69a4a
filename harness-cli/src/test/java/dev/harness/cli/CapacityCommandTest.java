package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harness.engine.target.Delay;
import dev.harness.engine.target.TargetConfig;
import dev.harness.engine.target.TargetServer;
import dev.harness.engine.testkit.Await;
import dev.harness.engine.testkit.TargetExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * `harness capacity` end to end against the embedded target: exit codes, the generator's limit,
 * result files, bad input and SIGINT. The search's accuracy against a known limit is checked in the
 * engine (CapacitySearchLoadTest); the searches here are short and use wide margins.
 */
class CapacityCommandTest {
  @RegisterExtension static final TargetExtension target = TargetExtension.withDefaults();

  /** One request at a time, 10 ms each: about 95-100/s. */
  private static TargetServer oneAtATime() {
    return TargetServer.start(
        TargetConfig.builder().maxConcurrency(1).delay(Delay.parse("10ms")).build());
  }

  private static void assertOneLineError(Cli r, String says) {
    assertEquals(2, r.exitCode(), "exit code; " + r);
    String err = r.err().strip();
    assertFalse(err.contains("\n"), "one line on stderr; " + r);
    assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace; " + r);
    assertTrue(err.startsWith("harness: "), "prefixed line; " + r);
    assertTrue(err.contains(says), "should say '" + says + "'; " + r);
    assertTrue(r.out().isEmpty(), "nothing ran; " + r);
  }

  @Test
  void unwritableResultPathIsRefusedBeforeAnyStep(@TempDir Path dir) throws Exception {
    Path blocker = dir.resolve("file");
    Files.writeString(blocker, "x");
    assertOneLineError(
        Cli.run(
            "capacity",
            "http://127.0.0.1:1/",
            "--slo=p99 < 50ms",
            "--out",
            blocker.resolve("report").toString()),
        "cannot create directory");
  }

  @Test
  void badInputExits2WithOneLine() {
    String url = "http://127.0.0.1:1/";
    String slo = "--slo=p99 < 50ms";
    assertOneLineError(
        Cli.run("capacity", url, slo, "--start", "-5"), "start must be a positive rate");
    assertOneLineError(
        Cli.run("capacity", url, slo, "--start", "1000", "--max", "500"),
        "max (500.0) must be a finite rate at least start (1000.0)");
    assertOneLineError(
        Cli.run("capacity", url, slo, "--precision", "abc"),
        "--precision: expected a percentage such as 5%, got 'abc'");
    assertOneLineError(
        Cli.run("capacity", url, slo, "--precision", "0%"), "precision must be between 0% and");
    assertOneLineError(
        Cli.run("capacity", url, slo, "--precision", "150%"), "precision must be between 0% and");
    assertOneLineError(Cli.run("capacity", url, "--slo", "p99 < 5"), "add a unit");
    assertOneLineError(Cli.run("capacity", url), "give at least one SLO");
    assertOneLineError(
        Cli.run("capacity", url, slo, "--max", "1000", "--require", "2000"),
        "require (2000.0) must be between 0 and max (1000.0)");
    assertOneLineError(Cli.run("capacity", "htp:/x", slo), "bad URL");
    assertOneLineError(
        Cli.run("capacity", url, slo, "--step-duration", "ten"), "'ten' is not a duration");
    assertOneLineError(Cli.run("capacity", "no-such-scenario.yaml", slo), "cannot read scenario");
  }

  @Tag("timing")
  @Test
  void capacityAtOrAboveRequireExits0AndWritesJsonAndHtml(@TempDir Path dir) throws Exception {
    // Two requests at a time, 5 ms each: about 380-400/s. 150 and 300 pass; 600 and 450 build a
    // queue past 100 ms within the step; 450 - 300 is within 50% of 300.
    try (TargetServer server =
        TargetServer.start(
            TargetConfig.builder().maxConcurrency(2).delay(Delay.parse("5ms")).build())) {
      Cli r =
          Cli.run(
              "capacity",
              server.url() + "/",
              "--slo",
              "p99 < 100ms",
              "--slo",
              "errors < 1%",
              "--start",
              "150",
              "--max",
              "2000",
              "--step-duration",
              "2s",
              "--warmup",
              "0s",
              "--precision",
              "50%",
              "--require",
              "100",
              "--out",
              dir.toString());
      assertEquals(0, r.exitCode(), r.toString());
      assertTrue(r.out().contains("outcome: FOUND"), r.toString());
      assertTrue(r.out().contains("require    100.0/s: met"), r.toString());
      assertTrue(r.err().contains("wrote " + dir.resolve("capacity.html")), r.toString());

      JsonNode j = new ObjectMapper().readTree(dir.resolve("capacity.json").toFile());
      assertEquals("capacity", j.get("kind").asText());
      assertEquals("found", j.get("outcome").asText());
      assertEquals(0, j.get("exitCode").asInt());
      double capacity = j.get("capacity").asDouble();
      assertTrue(capacity >= 150 && capacity < 600, "capacity of a ~400/s target: " + r);
      assertTrue(j.get("requireMet").asBoolean());
      // The capacity is what the capacity step served: its offered rate, or less if it fell short.
      JsonNode step = j.get("capacityStep");
      assertEquals(
          Math.min(step.get("offeredRate").asDouble(), step.get("achievedRate").asDouble()),
          capacity,
          1e-6);
      assertTrue(j.get("capacityStep").get("latency").get("p99").isNumber());
      assertTrue(j.get("lowestFailingRate").asDouble() > capacity);
      assertTrue(j.get("generatorLimitRate").isNull());
      JsonNode first = j.get("steps").get(0);
      assertEquals(150.0, first.get("offeredRate").asDouble());
      assertEquals(32, first.get("connections").asInt(), "auto: 2 x 150/s x 100ms, at least 32");

      String html = Files.readString(dir.resolve("capacity.html"));
      assertTrue(html.contains("<svg"), "inline plot");
      assertTrue(html.contains("knee: capacity " + String.format("%.1f/s", capacity)), html);
      assertFalse(html.contains("<script") || html.contains("src="), "self-contained, no network");
    }
  }

  @Test
  void firstStepFailingExits1(@TempDir Path dir) throws Exception {
    try (TargetServer server = oneAtATime()) {
      Path json = dir.resolve("c.json");
      Cli r =
          Cli.run(
              "capacity",
              server.url() + "/",
              "--slo",
              "p99 < 100ms",
              "--start",
              "150",
              "--max",
              "1000",
              "--step-duration",
              "2s",
              "--warmup",
              "0s",
              "--timeout",
              "1s",
              "--require",
              "120",
              "-q",
              "--json",
              json.toString());
      assertEquals(1, r.exitCode(), r.toString());
      assertTrue(r.out().contains("outcome: BELOW-START"), r.toString());
      JsonNode j = new ObjectMapper().readTree(json.toFile());
      assertTrue(j.get("capacity").isNull(), "no capacity: " + j.get("capacity"));
      assertFalse(j.get("requireMet").asBoolean());
      JsonNode steps = j.get("steps");
      assertEquals("fail", steps.get(steps.size() - 1).get("verdict").asText(), steps.toString());
    }
  }

  @Test
  void generatorLimitEndsTheSearchFlaggedAndExits3(@TempDir Path dir) throws Exception {
    // No limit in the target, and a rate far beyond what one worker can even schedule: at 100
    // million arrivals per second (one every 10 ns) the worker cannot queue them as fast as they
    // fall due, so its dispatch lag grows whatever the target does. (At a few hundred thousand per
    // second, with every connection busy, arrivals are queued on time and a step can come out
    // valid: then the target, on the same two cores, is what fell behind; a warm worker even
    // schedules 20 million per second on time.) Steps of 50 ms and a 1 s timeout keep the test to
    // a few seconds and the queue to 5 million arrivals; a child JVM keeps that garbage away from
    // the tests that follow, whose short runs a long GC pause would make invalid.
    Path json = dir.resolve("c.json");
    Child r =
        Child.run(
            dir,
            "capacity",
            target.url() + "/",
            "--slo",
            "p99 < 50ms",
            "--slo",
            "errors < 0.1%",
            "--start",
            "100000000",
            "--max",
            "100000000",
            "--step-duration",
            "50ms",
            "--warmup",
            "0s",
            "--timeout",
            "1s",
            "--grace",
            "1s",
            "-q",
            "--json",
            json.toString());
    assertEquals(3, r.exitCode(), r.toString());
    assertTrue(r.out().contains("outcome: GENERATOR-LIMIT"), r.toString());
    assertTrue(r.out().contains("the limit found is the generator's"), r.toString());
    assertTrue(r.out().contains("capacity   none: the GENERATOR's limit"), r.toString());
    JsonNode j = new ObjectMapper().readTree(json.toFile());
    assertEquals("generator-limit", j.get("outcome").asText());
    assertEquals(3, j.get("exitCode").asInt());
    assertTrue(j.get("capacity").isNull(), "never a capacity the generator set");
    assertEquals(100_000_000.0, j.get("generatorLimitRate").asDouble());
    JsonNode steps = j.get("steps");
    assertEquals(3, steps.size(), "the invalid rate is tried twice more, then the search ends");
    for (JsonNode s : steps) {
      assertEquals("generator-limit", s.get("verdict").asText(), s.toString());
    }
    assertEquals("retry", steps.get(2).get("stage").asText());
  }

  @Test
  void sigintWritesWhatWasFoundMarkedInterrupted(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("c.json");
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    List<String> cmd =
        ChildHarness.command(
            "capacity",
            target.url() + "/",
            "--slo",
            "p99 < 200ms",
            "--start",
            "200",
            "--step-duration",
            "2s",
            "--warmup",
            "0s",
            "--json",
            json.toString());
    Process p =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      // The child prints each step's row as it ends: once one has passed, stop it during the
      // next, which has begun once the target answers more than the passed step sent.
      Await.until(
          "a step passed",
          () -> {
            try {
              return Files.readAllLines(err).stream().anyMatch(l -> l.endsWith(" pass"));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          },
          60_000);
      long served = target.server().requestsServed();
      Await.until("the next step sends", () -> target.server().requestsServed() > served + 100);
      new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "child ended after the signal");
    } finally {
      p.destroyForcibly();
    }
    String summary = Files.readString(out) + Files.readString(err);
    assertEquals(130, p.exitValue(), summary);
    assertTrue(summary.contains("outcome: INTERRUPTED"), summary);
    JsonNode j = new ObjectMapper().readTree(json.toFile());
    assertEquals("interrupted", j.get("outcome").asText());
    assertEquals(130, j.get("exitCode").asInt());
    assertTrue(j.get("capacity").isNull(), "an interrupted search claims no capacity");
    assertTrue(
        j.get("highestPassingRate").asDouble() >= 200, "steps that ran are kept: " + summary);
    JsonNode steps = j.get("steps");
    assertEquals("interrupted", steps.get(steps.size() - 1).get("verdict").asText(), summary);
  }

  /** A `harness` child process run to its end, with what it printed. */
  private record Child(int exitCode, String out) {
    static Child run(Path dir, String... args) throws Exception {
      List<String> cmd = new ArrayList<>();
      cmd.addAll(
          List.of(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-Xmx512m",
              "-cp",
              System.getProperty("java.class.path"),
              Main.class.getName()));
      cmd.addAll(List.of(args));
      Path out = dir.resolve("child-out.txt");
      Process p =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      try {
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child ended: " + Files.readString(out));
      } finally {
        p.destroyForcibly();
      }
      return new Child(p.exitValue(), Files.readString(out));
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n" + out;
    }
  }
}
