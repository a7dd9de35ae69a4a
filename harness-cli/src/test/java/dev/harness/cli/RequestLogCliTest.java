package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harness.engine.testkit.TargetExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --requests FILE}: one line per request, as CSV or JSON Lines, sampled on request. */
class RequestLogCliTest {
  @RegisterExtension static final TargetExtension server = TargetExtension.withDefaults();

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void csvHasALinePerRequestWithItsTimes(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("requests.csv");
    Path json = dir.resolve("result.json");
    Cli r =
        Cli.run(
            "run",
            server.url() + "/",
            "-R",
            "300",
            "-d",
            "1s",
            "-c",
            "4",
            "-q",
            "--json",
            json.toString(),
            "--requests",
            csv.toString());
    assertTrue(r.exitCode() == 0 || r.exitCode() == 3, r.toString());
    List<String> lines = Files.readAllLines(csv);
    assertEquals(String.join(",", RequestLogWriter.COLUMNS), lines.get(0));
    long requests = JSON.readTree(json.toFile()).get("requests").asLong();
    assertEquals(300, requests);
    assertEquals(requests, lines.size() - 1, "one line per request");
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      assertEquals(RequestLogWriter.COLUMNS.size(), f.length, line);
      double intended = Double.parseDouble(f[0]);
      double sent = Double.parseDouble(f[1]);
      double response = Double.parseDouble(f[2]);
      double service = Double.parseDouble(f[3]);
      assertTrue(intended >= 0 && intended < 1000, "within the 1 s schedule: " + line);
      assertTrue(sent >= intended, "sent at or after it was due: " + line);
      assertTrue(response >= service, "response time includes the wait: " + line);
      assertEquals("200", f[4], line);
      assertEquals("2xx", f[5], line);
      assertEquals("GET /", f[7], line);
      assertEquals("main", f[8], line);
      assertTrue(Integer.parseInt(f[9]) > 20, "request bytes: " + line);
      assertFalse(f[10].isEmpty(), "connection id: " + line);
    }
    assertTrue(r.err().contains("logged 300 requests to " + csv), r.toString());
  }

  @Test
  void jsonLinesKeepTheSampledShare(@TempDir Path dir) throws Exception {
    Path jsonl = dir.resolve("requests.jsonl");
    Cli r =
        Cli.run(
            "run",
            server.url() + "/",
            "-R",
            "1k",
            "-d",
            "1s",
            "-q",
            "--requests",
            jsonl.toString(),
            "--requests-sample",
            "50%");
    assertTrue(r.exitCode() == 0 || r.exitCode() == 3, r.toString());
    List<String> lines = Files.readAllLines(jsonl);
    // 500 expected, standard deviation about 16.
    assertTrue(lines.size() > 350 && lines.size() < 650, "kept " + lines.size() + " of 1000");
    JsonNode first = JSON.readTree(lines.get(0));
    assertEquals(RequestLogWriter.COLUMNS, iterable(first));
    assertEquals(200, first.get("status").asInt());
  }

  @Test
  void dashIsStandardOutputAndTheSummaryMovesToStderr() {
    Cli r = Cli.run("run", server.url() + "/", "-R", "100", "-d", "1s", "-q", "--requests", "-");
    assertTrue(r.exitCode() == 0 || r.exitCode() == 3, r.toString());
    List<String> lines = r.out().lines().toList();
    assertEquals(String.join(",", RequestLogWriter.COLUMNS), lines.get(0), r.toString());
    assertEquals(101, lines.size(), "header and 100 requests, nothing else: " + r);
    assertTrue(r.err().contains("verdict:"), r.toString());
  }

  @Test
  void badSampleAndTwoStdoutsAreRefused() {
    Cli bad =
        Cli.run("run", server.url() + "/", "-R", "10", "--requests", "-", "--requests-sample", "2");
    assertEquals(2, bad.exitCode(), bad.toString());
    assertTrue(bad.err().contains("--requests-sample must be a share"), bad.toString());
    Cli both = Cli.run("run", server.url() + "/", "-R", "10", "--requests", "-", "--json", "-");
    assertEquals(2, both.exitCode(), both.toString());
    Cli alone = Cli.run("run", server.url() + "/", "-R", "10", "--requests-sample", "0.5");
    assertEquals(2, alone.exitCode(), alone.toString());
  }

  private static List<String> iterable(JsonNode n) {
    List<String> names = new java.util.ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
