package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harness.engine.testkit.TargetExtension;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where results go: {@code -} is standard output, a FIFO or a link to one is written directly (a
 * rename would replace it with a plain file), a link to a file stays a link; and a run whose target
 * never answers still leaves its result, JUnit XML and summary.
 */
class ResultOutputTest {
  @RegisterExtension static final TargetExtension server = TargetExtension.withDefaults();

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Cli shortRun(String... more) {
    String[] args = new String[6 + more.length];
    System.arraycopy(
        new String[] {"run", server.url() + "/", "-R", "200", "-d", "1s"}, 0, args, 0, 6);
    System.arraycopy(more, 0, args, 6, more.length);
    return Cli.run(args);
  }

  @Test
  void jsonDashPrintsTheResultAloneOnStandardOutput() throws Exception {
    Cli r = shortRun("-q", "--json", "-");
    assertEquals(0, r.exitCode(), r.toString());
    JsonNode j = JSON.readTree(r.out()); // all of stdout is one JSON document
    assertEquals("pass", j.get("verdict").asText(), r.toString());
    assertEquals(200, j.get("requests").asLong(), r.toString());
    assertTrue(r.err().contains("verdict: PASS"), "the summary goes to stderr: " + r);
    assertFalse(Files.exists(Path.of("-")), "no file named '-'");
  }

  @Test
  void aLinkToAFifoStaysALinkAndTheFifoReceivesTheJson(@TempDir Path dir) throws Exception {
    Path fifo = mkfifo(dir.resolve("pipe"));
    Path link = Files.createSymbolicLink(dir.resolve("stdout"), fifo);
    CompletableFuture<byte[]> read = readAll(fifo);
    Cli r = shortRun("-q", "--json", link.toString());
    assertEquals(0, r.exitCode(), r.toString());
    JsonNode j = JSON.readTree(read.get(30, TimeUnit.SECONDS));
    assertEquals("pass", j.get("verdict").asText());
    assertTrue(Files.isSymbolicLink(link), "the link was not replaced");
    assertFalse(Files.isRegularFile(fifo), "the FIFO is still a FIFO");
    assertTrue(r.out().contains("verdict: PASS"), "the summary stays on stdout: " + r);
  }

  @Test
  void aFifoReceivesTheJson(@TempDir Path dir) throws Exception {
    Path fifo = mkfifo(dir.resolve("pipe"));
    CompletableFuture<byte[]> read = readAll(fifo);
    Cli r = shortRun("-q", "--json", fifo.toString());
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals("pass", JSON.readTree(read.get(30, TimeUnit.SECONDS)).get("verdict").asText());
    assertFalse(Files.isRegularFile(fifo), "not renamed over: " + fifo);
    try (var tmp = Files.list(dir)) {
      assertEquals(1, tmp.count(), "no temporary file left beside the FIFO");
    }
  }

  @Test
  void aLinkToARegularFileStaysALinkToTheNewResult(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("real.json"), "old");
    Path link = Files.createSymbolicLink(dir.resolve("latest.json"), file);
    Cli r = shortRun("-q", "--json", link.toString());
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(Files.isSymbolicLink(link), "the link was not replaced by a file");
    assertEquals("pass", JSON.readTree(file.toFile()).get("verdict").asText());
  }

  /** The issue's done-when: nothing listens on the port, and --out still holds the set. */
  @Test
  void aTargetThatNeverAnsweredStillLeavesItsResults(@TempDir Path dir) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path out = dir.resolve("out");
    Cli r =
        Cli.run(
            "run",
            "http://127.0.0.1:" + port + "/",
            "-R",
            "100",
            "-d",
            "1s",
            "-q",
            "--assert",
            "p99 < 5ms",
            "--out",
            out.toString());
    assertEquals(3, r.exitCode(), r.toString());
    assertTrue(r.err().contains("target unreachable"), r.toString());
    JsonNode j = JSON.readTree(out.resolve("result.json").toFile());
    assertEquals("invalid", j.get("verdict").asText(), j.toPrettyString());
    String reason = j.get("reason").asText();
    assertTrue(reason.contains("target unreachable") && reason.contains(":" + port), reason);
    assertFalse(
        j.get("criteria").get(0).get("passed").asBoolean(), "nothing measured, nothing held");

    String junit = Files.readString(out.resolve("junit.xml"), StandardCharsets.UTF_8);
    assertTrue(junit.contains("<error type=\"invalid\""), junit);
    assertTrue(junit.contains("run invalid: target unreachable"), "says why: " + junit);
    String md = Files.readString(out.resolve("summary.md"), StandardCharsets.UTF_8);
    assertTrue(md.contains("INVALID") && md.contains("target unreachable"), md);
    assertTrue(Files.exists(out.resolve("report.html")));
    assertTrue(Files.exists(out.resolve("latency.hlog")));
  }

  @Test
  void outDashIsRefused() {
    Cli r = shortRun("--out", "-");
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().contains("--out needs a directory"), r.toString());
  }

  static Path mkfifo(Path path) throws Exception {
    Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
    assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo " + path);
    return path;
  }

  /** Reads the FIFO to its end on another thread: opening it blocks until the writer opens it. */
  static CompletableFuture<byte[]> readAll(Path fifo) {
    CompletableFuture<byte[]> f = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                f.complete(Files.readAllBytes(fifo));
              } catch (Exception e) {
                f.completeExceptionally(e);
              }
            },
            "fifo-reader");
    t.setDaemon(true);
    t.start();
    return f;
  }
}
