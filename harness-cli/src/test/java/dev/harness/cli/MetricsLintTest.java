package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harness.engine.testkit.TargetExtension;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live endpoint as the tools around it read it: {@code promtool check metrics} on a scrape of a
 * run and of {@code harness serve}, the last scrape after the run against result.json, {@code
 * histogram_quantile} over the buckets against the exact p99, and the Grafana dashboard's queries
 * against the names a scrape has.
 */
class MetricsLintTest {
  @RegisterExtension static final TargetExtension target = TargetExtension.withDefaults();

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Pattern SAMPLE =
      Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)$");

  @TempDir static Path dir;
  private static String last;
  private static JsonNode result;
  private static Cli run;
  private static boolean closedAfterLinger;

  @BeforeAll
  static void runAndScrapeAfterItEnded() throws Exception {
    int port = freePort();
    Path json = dir.resolve("result.json");
    CompletableFuture<Cli> running =
        CompletableFuture.supplyAsync(
            () ->
                Cli.run(
                    "run",
                    target.url() + "/",
                    "-R",
                    "400",
                    "-d",
                    "3s",
                    "-c",
                    "8",
                    "-q",
                    "--probe",
                    target.url() + "/health",
                    "--metrics-port",
                    Integer.toString(port),
                    "--metrics-linger",
                    "3s",
                    "--json",
                    json.toString()));
    // Scrape until the run says its figures are final; the endpoint lingers 3 s for this (30
    // scrapes), then the run ends.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline && !running.isDone()) {
      String body = scrape(port);
      if (body != null) {
        last = body;
        if (value(body, "harness_run_finished", "") == 1) {
          break;
        }
      }
      Thread.sleep(100);
    }
    run = running.get(120, TimeUnit.SECONDS);
    closedAfterLinger = scrape(port) == null;
    result = new ObjectMapper().readTree(json.toFile());
  }

  @Test
  void theLastScrapeAfterTheRunHoldsTheFinalCounts() {
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(last != null && value(last, "harness_run_finished", "") == 1, "final: " + last);
    double outcomes = 0;
    Matcher m = SAMPLE.matcher(last);
    while (m.find()) {
      if (m.group(1).equals("harness_requests_total")) {
        outcomes += Double.parseDouble(m.group(3));
      }
    }
    assertEquals(result.get("requests").asLong(), (long) outcomes, "requests by outcome");
    assertEquals(
        result.get("sent").asLong(), (long) value(last, "harness_requests_sent_total", ""), "sent");
    assertEquals(
        result.get("scheduled").asLong(),
        (long) value(last, "harness_arrivals_scheduled_total", ""),
        "scheduled");
    assertEquals(
        result.at("/latency/response/count").asLong(),
        (long) value(last, "harness_response_seconds_count", ""),
        "histogram count");
    assertTrue(run.err().contains("--metrics-linger"), "says it lingers: " + run);
    assertTrue(closedAfterLinger, "the endpoint closes after the linger time");
  }

  @Test
  void histogramQuantileOverTheBucketsIsWithinOneBucketOfTheExactP99() {
    TreeMap<Double, Double> buckets = new TreeMap<>();
    Matcher m = SAMPLE.matcher(last);
    while (m.find()) {
      if (m.group(1).equals("harness_response_seconds_bucket")) {
        String le = m.group(2).replaceAll(".*le=\"([^\"]+)\".*", "$1");
        buckets.put(
            le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le),
            Double.parseDouble(m.group(3)));
      }
    }
    assertTrue(buckets.size() > 10, "buckets: " + buckets);
    double estimate = histogramQuantile(0.99, buckets);
    double exact = result.at("/latency/response/p99").asDouble() / 1000; // ms to s
    List<Double> bounds = new ArrayList<>(buckets.keySet());
    int e = bucketOf(estimate, bounds);
    int x = bucketOf(exact, bounds);
    assertTrue(
        Math.abs(e - x) <= 1,
        "histogram_quantile(0.99) = "
            + estimate
            + " s (bucket "
            + e
            + "), exact p99 "
            + exact
            + " s (bucket "
            + x
            + "); buckets "
            + buckets);
  }

  @Test
  void promtoolAcceptsTheRunsScrape() throws Exception {
    promtool(last);
  }

  @Test
  void promtoolAcceptsHarnessServesScrape() throws Exception {
    promtool(serveScrape());
  }

  @Test
  void everyGrafanaQueryNamesAMetricTheScrapesHave() throws Exception {
    Set<String> names = names(last);
    names.addAll(names(serveScrape()));
    String dashboard =
        Files.readString(Path.of("..", "docs", "grafana-dashboard.json"), StandardCharsets.UTF_8);
    JsonNode d = new ObjectMapper().readTree(dashboard);
    List<String> missing = new ArrayList<>();
    int queries = 0;
    for (JsonNode panel : d.get("panels")) {
      for (JsonNode t : panel.path("targets")) {
        queries++;
        Matcher m =
            Pattern.compile("\\b(harness_|target_)[a-z0-9_]+").matcher(t.get("expr").asText());
        assertTrue(m.find(), "a query names a metric: " + t);
        do {
          if (!names.contains(m.group())) {
            missing.add(panel.get("title").asText() + ": " + m.group());
          }
        } while (m.find());
      }
    }
    assertTrue(queries >= 20, "dashboard queries: " + queries);
    assertTrue(missing.isEmpty(), "dashboard names no scraped metric: " + missing);
  }

  private static String serveCache;

  /** A scrape of {@code harness serve} in a child JVM, after it answered one request. */
  private static synchronized String serveScrape() throws Exception {
    if (serveCache != null) {
      return serveCache;
    }
    int port = freePort();
    Process serve =
        new ProcessBuilder(ChildHarness.command("serve", "--port", Integer.toString(port)))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("serve.log").toFile())
            .start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (scrape(port) == null && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      HTTP.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
          HttpResponse.BodyHandlers.discarding());
      serveCache = scrape(port);
      assertTrue(serveCache != null, "harness serve answered /metrics");
      return serveCache;
    } finally {
      serve.destroy();
      serve.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** {@code promtool check metrics} reading {@code scrape} on stdin exits 0. */
  private static void promtool(String scrape) throws Exception {
    String promtool = findPromtool();
    if (promtool == null) {
      assertFalse("true".equals(System.getenv("CI")), "promtool missing under CI");
      Assumptions.abort("promtool not installed (.ci/run installs the prometheus package)");
    }
    Path in = Files.writeString(dir.resolve("scrape.prom"), scrape);
    Path out = dir.resolve("promtool.out");
    Process p =
        new ProcessBuilder(promtool, "check", "metrics")
            .redirectInput(in.toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "promtool finished");
    assertEquals(
        0, p.exitValue(), "promtool check metrics:\n" + Files.readString(out) + "\n" + scrape);
  }

  private static String findPromtool() {
    if (new File("/usr/bin/promtool").canExecute()) {
      return "/usr/bin/promtool";
    }
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File f = new File(d, "promtool");
      if (f.canExecute()) {
        return f.getPath();
      }
    }
    return null;
  }

  /**
   * What Prometheus' {@code histogram_quantile} computes from cumulative buckets: find the bucket
   * where the rank falls and interpolate linearly inside it; the first bucket starts at 0; a rank
   * in the +Inf bucket gives the highest finite bound.
   */
  static double histogramQuantile(double q, TreeMap<Double, Double> cumulative) {
    double total = cumulative.lastEntry().getValue();
    double rank = q * total;
    double lower = 0;
    double below = 0;
    double highestFinite = 0;
    for (var b : cumulative.entrySet()) {
      if (b.getKey().isInfinite()) {
        return highestFinite;
      }
      if (b.getValue() >= rank) {
        double inBucket = b.getValue() - below;
        return lower + (b.getKey() - lower) * ((rank - below) / inBucket);
      }
      lower = b.getKey();
      below = b.getValue();
      highestFinite = b.getKey();
    }
    return highestFinite;
  }

  /** Index of the bucket (by upper bound, as {@code le}) a value falls in. */
  private static int bucketOf(double v, List<Double> bounds) {
    for (int i = 0; i < bounds.size(); i++) {
      if (v <= bounds.get(i)) {
        return i;
      }
    }
    return bounds.size() - 1;
  }

  private static Set<String> names(String scrape) {
    Set<String> out = new TreeSet<>();
    Matcher m = SAMPLE.matcher(scrape);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static double value(String scrape, String name, String labels) {
    Matcher m = SAMPLE.matcher(scrape);
    while (m.find()) {
      if (m.group(1).equals(name) && (m.group(2) == null ? "" : m.group(2)).equals(labels)) {
        return Double.parseDouble(m.group(3));
      }
    }
    return Double.NaN;
  }

  /** The body of {@code GET /metrics}, or null while nothing listens. */
  private static String scrape(int port) throws IOException, InterruptedException {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? r.body() : null;
    } catch (IOException e) {
      return null; // nothing listens (yet, or any more)
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
