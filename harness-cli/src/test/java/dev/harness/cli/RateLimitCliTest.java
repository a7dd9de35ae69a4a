package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harness.engine.target.TargetConfig;
import dev.harness.engine.testkit.TargetExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rate-limit test as a user runs it: {@code run --ok-status 200,429} against the embedded
 * target's {@code /limited} route at three times its limit, the counts by status in every output
 * and read back by {@code report}, and the same through a scenario's {@code expect:}.
 */
class RateLimitCliTest {
  @RegisterExtension
  static final TargetExtension target = TargetExtension.with(TargetConfig.builder().rateLimit(100));

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Cli run(Path out, String... more) {
    String[] args = {
      "run", target.url() + "/limited", "-R", "300", "-d", "2s", "-q", "--out", out.toString()
    };
    String[] all = new String[args.length + more.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return Cli.run(all);
  }

  @Tag("timing")
  @Test
  void expected429sAreNotErrorsAndShowByStatusInEveryReport(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("ok");
    Cli r = run(out, "--ok-status", "200,429", "--assert", "status429 >= 40%");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("by status  200 "), r.out());
    JsonNode j = JSON.readTree(out.resolve("result.json").toFile());
    assertEquals(0, j.get("errors").asLong(), j.get("outcomes").toString());
    JsonNode byStatus = j.get("outcomes").get("byStatus");
    assertEquals(
        j.get("requests").asLong(),
        byStatus.get("200").asLong() + byStatus.get("429").asLong(),
        byStatus.toString());
    assertEquals("200,429", j.get("config").get("okStatus").asText());
    assertTrue(
        j.get("phases").get(0).get("outcomes").has("byStatus"), "per phase: " + j.get("phases"));
    assertTrue(Files.readString(out.resolve("summary.md")).contains("Answers by status: 200 "));
    assertTrue(Files.readString(out.resolve("report.html")).contains("Answers by status"));
    assertTrue(Files.readString(out.resolve("junit.xml")).contains("status429 &gt;= 40%"));
    Cli again = Cli.run("report", out.resolve("result.json").toString());
    assertEquals(r.out(), again.out(), "report re-renders the summary, by status included");
  }

  @Tag("timing")
  @Test
  void abortOnAStatusShareStopsTheRunOnceItHolds(@TempDir Path dir) throws Exception {
    Cli r = run(dir.resolve("abort"), "--ok-status", "200,429", "--abort-on", "status429 > 50%");
    assertEquals(5, r.exitCode(), "aborted; " + r);
    JsonNode j = JSON.readTree(dir.resolve("abort").resolve("result.json").toFile());
    assertEquals("aborted", j.get("verdict").asText(), j.get("reason").asText());
    assertEquals(
        "status429 > 50%",
        j.get("resilience").get("abort").get("criterion").asText(), j.toString());
  }

  @Test
  void withoutOkStatusThe429sAreErrors(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("default");
    Cli r = run(out, "--assert", "errors == 0");
    assertEquals(1, r.exitCode(), r.toString());
    JsonNode j = JSON.readTree(out.resolve("result.json").toFile());
    long limited = j.get("outcomes").get("byStatus").get("429").asLong();
    assertTrue(limited > 0, j.get("outcomes").toString());
    assertEquals(limited, j.get("errors").asLong(), j.get("outcomes").toString());
    assertEquals(limited, j.get("outcomes").get("4xx").asLong(), j.get("outcomes").toString());
    assertEquals("200-399", j.get("config").get("okStatus").asText());
  }

  @Test
  void aResultWithoutCountsByStatusStillReads(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("old");
    run(out);
    ObjectNode j = (ObjectNode) JSON.readTree(out.resolve("result.json").toFile());
    ((ObjectNode) j.get("outcomes")).remove("byStatus");
    j.get("phases").forEach(p -> ((ObjectNode) p.get("outcomes")).remove("byStatus"));
    j.get("byName").forEach(p -> ((ObjectNode) p.get("outcomes")).remove("byStatus"));
    ((ObjectNode) j.get("config")).remove("okStatus");
    Path old = dir.resolve("old.json");
    JSON.writeValue(old.toFile(), j);
    Cli r = Cli.run("report", old.toString());
    assertEquals(0, r.exitCode(), r.toString());
    assertFalse(r.out().contains("by status"), r.out());
    assertTrue(r.out().contains("outcomes   2xx "), r.out());
  }

  @Test
  void aScenarioExpectsStatusesPerRequestAndAtTheTopLevel(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("limited.yaml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "target: " + target.url(),
            "phases:",
            "  - {name: main, duration: 2s, rate: 300}",
            "expect:",
            "  status: [2xx, 404]",
            "requests:",
            "  - name: limited",
            "    path: /limited",
            "    expect:",
            "      status: [200, 429]",
            "  - name: missing",
            "    path: /nothing-here",
            "criteria:",
            "  - errors == 0",
            "  - status404 > 0",
            ""));
    Cli r = Cli.run("run", file.toString(), "-q", "--out", dir.resolve("out").toString());
    assertEquals(0, r.exitCode(), r.toString());
    JsonNode j = JSON.readTree(dir.resolve("out").resolve("result.json").toFile());
    assertTrue(j.get("outcomes").get("byStatus").get("429").asLong() > 0, j.toString());
  }

  @Test
  void aBadExpectInAScenarioNamesItsLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "target: " + target.url(),
            "phases:",
            "  - {name: main, duration: 1s, rate: 10}",
            "requests:",
            "  - path: /limited",
            "    expect:",
            "      status: [200, 4299]",
            ""));
    Cli r = Cli.run("validate", file.toString());
    assertEquals(2, r.exitCode(), r.toString());
    assertEquals(
        "harness: bad.yaml:7: requests[0].expect.status: '4299' is not a status code (429),"
            + " range (200-299) or class (2xx)",
        r.err().strip());
  }

  @Test
  void aBadOkStatusIsOneLineAndExit2() {
    Cli r = Cli.run("run", target.url() + "/", "-R", "10", "-d", "1s", "--ok-status", "2xx,ok");
    assertEquals(2, r.exitCode(), r.toString());
    String err = r.err().strip();
    assertFalse(err.contains("\n") || err.contains("Exception"), r.toString());
    assertTrue(
        err.contains("--ok-status: 'ok' is not a status code (429), range (200-299) or class"),
        r.toString());
  }
}
