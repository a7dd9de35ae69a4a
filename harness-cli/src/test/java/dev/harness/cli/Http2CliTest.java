package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harness.engine.target.TargetConfig;
import dev.harness.engine.testkit.TargetExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** `harness run --h2c` end to end against the embedded target serving h2c; the HTTP/2 flags. */
class Http2CliTest {
  @RegisterExtension
  static final TargetExtension server =
      TargetExtension.with(TargetConfig.builder().http2(true).build());

  private static void assertOneLineError(Cli r, String says) {
    assertEquals(2, r.exitCode(), "exit code; " + r);
    String err = r.err().strip();
    assertFalse(err.contains("\n") || err.contains("Exception"), "one line; " + r);
    assertTrue(err.contains(says), "should say '" + says + "'; " + r);
  }

  @Test
  void anH2cRunRecordsItsProtocolAndStreams(@TempDir Path dir) throws Exception {
    Cli r =
        Cli.run(
            "run",
            server.url() + "/",
            "--h2c",
            "--max-streams",
            "20",
            "-R",
            "500",
            "-d",
            "2s",
            "-c",
            "2",
            "--out",
            dir.toString());
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("http2      h2c, max 20 streams per connection"), r.out());
    JsonNode j = new ObjectMapper().readTree(dir.resolve("result.json").toFile());
    assertEquals(0, j.get("errors").asLong(), j.get("outcomes").toString());
    assertEquals("h2c", j.get("config").get("protocol").asText());
    assertEquals(20, j.get("config").get("maxStreams").asInt());
    JsonNode h = j.get("http2");
    assertEquals("h2c", h.get("protocol").asText());
    int inFlight = h.get("maxStreamsInFlight").asInt();
    assertTrue(inFlight >= 1 && inFlight <= 20, h.toString());
    assertEquals(0, j.get("outcomes").get("goaway").asLong());
    assertTrue(h.get("headerTableSize").isNull(), "none sent by default: " + h);
    assertEquals(r.out(), Cli.run("report", dir.toString()).out(), "read back from result.json");
    assertTrue(
        Files.readString(dir.resolve("report.html")).contains("<th>http2</th>"),
        "the HTML report shows the protocol");
  }

  @Test
  void aHeaderTableSizeIsSentAndRecorded(@TempDir Path dir) throws Exception {
    Cli r =
        Cli.run(
            "run",
            server.url() + "/",
            "--h2c",
            "--h2-header-table-size",
            "0",
            "-R",
            "100",
            "-d",
            "1s",
            "--out",
            dir.toString());
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("; header table size 0 asked"), r.out());
    JsonNode j = new ObjectMapper().readTree(dir.resolve("result.json").toFile());
    assertEquals(0, j.get("errors").asLong(), j.get("outcomes").toString());
    assertEquals(100, j.get("outcomes").get("2xx").asLong(), j.get("outcomes").toString());
    assertEquals(0, j.get("http2").get("headerTableSize").asLong(-1), j.get("http2").toString());
    assertEquals(r.out(), Cli.run("report", dir.toString()).out(), "read back from result.json");
  }

  @Test
  void theAuthFlowPassesItsChecksOverH2c(@TempDir Path dir) throws Exception {
    Cli r =
        Cli.run(
            "run",
            "../scenarios/auth-flow.yaml",
            "--target",
            server.url(),
            "--h2c",
            "-d",
            "2s",
            // The file's p99 bound is timing; what this test is about is that every check passes.
            "--assert",
            "errors <= 0",
            "--out",
            dir.toString());
    assertEquals(0, r.exitCode(), r.toString());
    JsonNode j = new ObjectMapper().readTree(dir.resolve("result.json").toFile());
    assertEquals(0, j.get("errors").asLong(), j.get("outcomes").toString());
    assertTrue(j.get("requests").asLong() >= 4 * 50, "four steps per login: " + j.get("requests"));
    assertEquals("h2c", j.get("http2").get("protocol").asText());
  }

  @Test
  void badHttp2FlagsExit2WithOneLine() {
    assertOneLineError(Cli.run("run", "http://127.0.0.1:1/", "--http2", "-R", "10"), "use --h2c");
    assertOneLineError(
        Cli.run("run", "http://127.0.0.1:1/", "--h2c", "--max-streams", "0", "-R", "10"),
        "--max-streams must be at least 1");
    assertOneLineError(
        Cli.run("run", "http://127.0.0.1:1/", "--h2c", "--max-streams", "many", "-R", "10"),
        "--max-streams");
    assertOneLineError(
        Cli.run("run", "http://127.0.0.1:1/", "--max-streams", "10", "-R", "10"),
        "--max-streams applies to HTTP/2");
    String table = "--h2-header-table-size";
    assertOneLineError(
        Cli.run("run", "http://127.0.0.1:1/", table, "0", "-R", "10"),
        "--h2-header-table-size applies to HTTP/2");
    assertOneLineError(
        Cli.run("run", "http://127.0.0.1:1/", "--h2c", table, "-1", "-R", "10"),
        "--h2-header-table-size must be 0 to 4294967295");
    assertOneLineError(
        Cli.run("run", "http://127.0.0.1:1/", "--h2c", table, "4294967296", "-R", "10"),
        "--h2-header-table-size must be 0 to 4294967295");
    assertOneLineError(
        Cli.run("run", "http://127.0.0.1:1/", "--h2c", table, "small", "-R", "10"), table);
  }

  @Test
  void validateChecksTheHttp2Keys(@TempDir Path dir) throws Exception {
    String base =
        "target: http://127.0.0.1:8080\nphases:\n  - {name: main, duration: 1s, rate: 10}\n"
            + "requests:\n  - {name: home, path: /}\n";
    Path good = dir.resolve("good.yaml");
    Files.writeString(good, base + "h2c: true\nmaxStreams: 50\nheaderTableSize: 0\n");
    Cli ok = Cli.run("validate", good.toString());
    assertEquals(0, ok.exitCode(), ok.toString());
    Path noH2 = dir.resolve("streams.yaml");
    Files.writeString(noH2, base + "maxStreams: 50\n");
    assertOneLineError(Cli.run("validate", noH2.toString()), "maxStreams applies to HTTP/2");
    Path table = dir.resolve("table.yaml");
    Files.writeString(table, base + "headerTableSize: 0\n");
    assertOneLineError(Cli.run("validate", table.toString()), "headerTableSize applies to HTTP/2");
    for (String bad : new String[] {"-1", "1.5", "4294967296", "small"}) {
      Files.writeString(table, base + "h2c: true\nheaderTableSize: " + bad + "\n");
      assertOneLineError(Cli.run("validate", table.toString()), "headerTableSize");
    }
    Path tls = dir.resolve("tls.yaml");
    Files.writeString(tls, base + "http2: true\n");
    assertOneLineError(Cli.run("validate", tls.toString()), "needs an https:// target");
  }
}
