package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.testkit.TargetExtension;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code --metrics-port}: Prometheus text scraped during a run, and its bad input. */
class LiveMetricsTest {
  @RegisterExtension static final TargetExtension target = TargetExtension.withDefaults();

  private static final Pattern OK_COUNT =
      Pattern.compile("harness_requests_total\\{outcome=\"2xx\"\\} ([0-9.eE+]+)");

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Tag("timing")
  @Test
  void metricsAreScrapedDuringTheRun() throws Exception {
    int port = freePort();
    CompletableFuture<Cli> run =
        CompletableFuture.supplyAsync(
            () ->
                Cli.run(
                    "run",
                    target.url() + "/",
                    "-R",
                    "200",
                    "-d",
                    "5s",
                    "-c",
                    "4",
                    "-q",
                    "--probe",
                    target.url() + "/health",
                    "--metrics-port",
                    Integer.toString(port),
                    "--metrics-linger",
                    "0"));
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest scrape =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build();
    String body = "";
    double answered = 0;
    // Poll until a whole second has been sampled (or the run ended): at most ~5 s.
    while (answered == 0 && !run.isDone()) {
      try {
        HttpResponse<String> r = client.send(scrape, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), "scrape status");
        assertTrue(
            r.headers().firstValue("content-type").orElse("").startsWith("text/plain"),
            "Prometheus text format");
        body = r.body();
        Matcher m = OK_COUNT.matcher(body);
        answered = m.find() ? Double.parseDouble(m.group(1)) : 0;
      } catch (ConnectException e) {
        // the run is still starting
      }
      Thread.sleep(200);
    }
    assertTrue(answered > 0, "2xx counter counted during the run:\n" + body);
    for (String meter :
        new String[] {
          "# TYPE harness_requests_total counter",
          "harness_response_seconds_count",
          "harness_rate_achieved",
          "harness_inflight",
          "harness_generator_timer_lateness_p99_seconds",
          "harness_generator_long_ticks_total",
          "harness_probe_polls_total{result=\"ok\"}"
        }) {
      assertTrue(body.contains(meter), "scrape has " + meter + ":\n" + body);
    }
    Cli done = run.get(30, TimeUnit.SECONDS);
    assertEquals(0, done.exitCode(), done.toString());
    assertTrue(done.out().contains("probe      "), "summary shows the probe: " + done);
  }

  @Test
  void aMetricsPortInUseExits2WithOneLine() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Cli r =
          Cli.run(
              "run",
              "http://127.0.0.1:1/",
              "-R",
              "10",
              "-d",
              "1s",
              "--metrics-port",
              Integer.toString(taken.getLocalPort()));
      assertOneLine(r, "--metrics-port " + taken.getLocalPort() + ": cannot listen");
    }
  }

  @Test
  void aBadProbeUrlExits2WithOneLine() {
    assertOneLine(
        Cli.run("run", "http://127.0.0.1:1/", "-R", "10", "--probe", "ftp://x/health"),
        "--probe: bad URL");
    assertOneLine(
        Cli.run(
            "run",
            "http://127.0.0.1:1/",
            "-R",
            "10",
            "--probe",
            "http://127.0.0.1:1/health",
            "--probe-interval",
            "1ms"),
        "probe: interval must be at least 10.00ms");
  }

  private static void assertOneLine(Cli r, String says) {
    assertEquals(2, r.exitCode(), r.toString());
    String err = r.err().strip();
    assertFalse(err.contains("\n") || err.contains("Exception"), "one line, no trace: " + r);
    assertTrue(err.contains(says), "should say '" + says + "': " + r);
  }
}
