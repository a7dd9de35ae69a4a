package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harness.engine.testkit.Nginx;
import dev.harness.engine.tls.SelfSignedCert;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS and HTTP/2 against Debian's nginx serving a self-signed certificate for {@code localhost}
 * with {@code listen ... ssl http2}, loaded through the CLI as a user would: nginx's access log
 * says which protocol each request came in, and its limits (concurrent streams, requests per
 * connection) are its own, not the harness's.
 */
class Http2TlsNginxTest {
  private static final String ROUTES = "    location / { return 200 'ok'; }";

  private static Nginx nginx(Path dir, String... lines) throws Exception {
    SelfSignedCert cert = SelfSignedCert.localhost(dir.resolve("cert"));
    List<String> server = new ArrayList<>();
    server.add("    ssl_certificate " + cert.cert() + ";");
    server.add("    ssl_certificate_key " + cert.key() + ";");
    server.addAll(List.of(lines));
    server.add(ROUTES);
    return Nginx.start("ssl http2", "", String.join("\n", server), dir);
  }

  private static String ca(Path dir) {
    return dir.resolve("cert").resolve("cert.pem").toString();
  }

  private static String url(Nginx n) {
    return "https://localhost:" + n.port() + "/";
  }

  /** Runs the CLI with {@code --out dir/out} and returns result.json; the run must be valid. */
  private static JsonNode run(Path dir, List<String> args) throws Exception {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of("--out", dir.resolve("out").toString()));
    Cli r = Cli.run(all.toArray(new String[0]));
    // A generator starved by a busy machine makes the run invalid (exit 3, said as such): not
    // what these tests are about, and not nginx's doing.
    assertTrue(
        r.exitCode() == 0 || (r.exitCode() == Main.INVALID && r.out().contains("generator")),
        r.toString());
    return new ObjectMapper().readTree(dir.resolve("out").resolve("result.json").toFile());
  }

  private static long outcome(JsonNode j, String label) {
    return j.get("outcomes").get(label).asLong();
  }

  @Test
  void everyRequestReachesNginxAsHttp2OverTls(@TempDir Path dir) throws Exception {
    try (Nginx n = nginx(dir)) {
      JsonNode j =
          run(dir, List.of("run", url(n), "--http2", "--ca", ca(dir), "-R", "200", "-d", "2s"));
      assertEquals(0, j.get("errors").asLong(), j.get("outcomes").toString());
      assertEquals(400, outcome(j, "2xx"), j.get("outcomes").toString());
      assertEquals("h2", j.get("config").get("protocol").asText());
      JsonNode c = j.get("connections");
      assertEquals("h2", c.get("tls").get("alpn").asText(), c.toString());
      assertEquals(c.get("opened").asLong(), c.get("tls").get("handshakes").asLong(), c.toString());
      List<String> lines = n.accessLines();
      // The run's 400 and the priming requests, each one line, every one over HTTP/2.
      assertTrue(lines.size() >= 400, "nginx logged " + lines.size());
      for (String line : lines) {
        assertEquals("GET / HTTP/2.0 200", line);
      }
    }
  }

  /**
   * nginx honours SETTINGS_HEADER_TABLE_SIZE 0: its next header block shrinks the table, which
   * Netty's decoder insists on once nginx has ACKed the SETTINGS; every answer still comes.
   */
  @Test
  void nginxHonoursAHeaderTableSizeOfZero(@TempDir Path dir) throws Exception {
    try (Nginx n = nginx(dir)) {
      JsonNode j =
          run(
              dir,
              List.of(
                  "run",
                  url(n),
                  "--http2",
                  "--ca",
                  ca(dir),
                  "--h2-header-table-size",
                  "0",
                  "-R",
                  "200",
                  "-d",
                  "1s",
                  "-c",
                  "2"));
      assertEquals(0, j.get("errors").asLong(), j.get("outcomes").toString());
      assertEquals(200, outcome(j, "2xx"), j.get("outcomes").toString());
      assertEquals(0, j.get("http2").get("headerTableSize").asLong(-1), j.get("http2").toString());
      assertTrue(
          n.accessLines().stream().allMatch("GET / HTTP/2.0 200"::equals), "nginx answered all");
    }
  }

  @Test
  void nginxsConcurrentStreamsLimitHoldsOverTls(@TempDir Path dir) throws Exception {
    try (Nginx n = nginx(dir, "    http2_max_concurrent_streams 128;")) {
      JsonNode j =
          run(
              dir,
              List.of(
                  "run",
                  url(n),
                  "--http2",
                  "--ca",
                  ca(dir),
                  "--closed",
                  "-c",
                  "1",
                  "--max-streams",
                  "200",
                  "-d",
                  "2s"));
      JsonNode h = j.get("http2");
      assertEquals(0, j.get("errors").asLong(), j.get("outcomes").toString());
      assertEquals(128, h.get("peerMaxConcurrentStreams").asInt(), h.toString());
      int inFlight = h.get("maxStreamsInFlight").asInt();
      assertTrue(inFlight > 1 && inFlight <= 128, "in flight on one connection: " + h);
    }
  }

  /**
   * nginx (1.19.7 on) ends an h2 connection with GOAWAY after {@code keepalive_requests} requests.
   * The run opens new connections and goes on; requests beyond the GOAWAY's last stream, if any,
   * count as {@code goaway}, and nothing else fails.
   */
  @Test
  @Tag("timing") // how many GOAWAYs come depends on how many requests the machine gets through
  void aGoAwayMidRunIsSurvived(@TempDir Path dir) throws Exception {
    try (Nginx n = nginx(dir, "    keepalive_requests 300;")) {
      JsonNode j =
          run(
              dir,
              List.of(
                  "run",
                  url(n),
                  "--http2",
                  "--ca",
                  ca(dir),
                  "--closed",
                  "-c",
                  "2",
                  "--max-streams",
                  "10",
                  "-d",
                  "3s"));
      JsonNode h = j.get("http2");
      long answered = outcome(j, "2xx");
      assertTrue(answered >= 1500, "too few requests to see GOAWAYs: " + answered);
      assertTrue(h.get("goAways").asLong() >= 1, "nginx sent GOAWAY: " + h);
      assertTrue(h.get("connectionsOpened").asLong() > 2, "new connections opened: " + h);
      // Every request is answered on its connection or counted as beyond the GOAWAY.
      assertEquals(outcome(j, "goaway"), j.get("errors").asLong(), "errors: " + j.get("outcomes"));
      assertTrue(
          n.accessLines().stream().allMatch("GET / HTTP/2.0 200"::equals), "nginx answered all");
    }
  }

  @Test
  void oneRequestPerConnectionOverTlsIsAHandshakePerRequest(@TempDir Path dir) throws Exception {
    try (Nginx n = nginx(dir)) {
      Path out = dir.resolve("out");
      Cli r =
          Cli.run(
              "run",
              url(n),
              "--ca",
              ca(dir),
              "--max-requests-per-connection",
              "1",
              "-R",
              "100",
              "-d",
              "2s",
              "-c",
              "4",
              "--out",
              out.toString());
      assertTrue(
          r.exitCode() == 0 || (r.exitCode() == Main.INVALID && r.out().contains("generator")),
          r.toString());
      JsonNode j = new ObjectMapper().readTree(out.resolve("result.json").toFile());
      long answered = outcome(j, "2xx");
      assertEquals(200, answered, j.get("outcomes").toString());
      assertEquals(0, j.get("errors").asLong());
      JsonNode tls = j.get("connections").get("tls");
      long handshakes = tls.get("handshakes").asLong();
      // One per answered request, and one per connection's primer; a few connections may have
      // opened for arrivals that found another free first.
      assertTrue(
          handshakes >= answered && handshakes <= answered + 3 * 4,
          "handshakes " + handshakes + " for " + answered + " requests");
      JsonNode time = tls.get("handshakeTime");
      assertEquals(handshakes, time.get("count").asLong(), time.toString());
      assertTrue(time.get("p50").asDouble() > 0 && time.get("p99").asDouble() > 0, time.toString());
      assertTrue(r.out().contains("handshake  " + handshakes + " ("), r.out());
      assertTrue(r.out().matches("(?s).*handshake p50 \\S+ p99 \\S+.*"), r.out());
      List<String> lines = n.accessLines();
      assertFalse(lines.isEmpty());
      assertTrue(lines.stream().allMatch("GET / HTTP/1.1 200"::equals), "HTTP/1.1 without --http2");
    }
  }
}
