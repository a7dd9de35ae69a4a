package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.harness.engine.testkit.TargetExtension;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --metrics-otlp}: the run's meters pushed over OTLP/HTTP to a collector that keeps them.
 */
class OtlpPushTest {
  @RegisterExtension static final TargetExtension target = TargetExtension.withDefaults();

  @TempDir Path dir;

  @Test
  void theFinalPushCarriesTheRunsCountsAndTheResponseHistogram() throws Exception {
    List<byte[]> posts = new CopyOnWriteArrayList<>();
    List<String> types = new CopyOnWriteArrayList<>();
    HttpServer collector =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    collector.createContext(
        "/v1/metrics",
        exchange -> {
          try (exchange) {
            types.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            posts.add(exchange.getRequestBody().readAllBytes());
            exchange.sendResponseHeaders(200, -1);
          }
        });
    collector.start();
    Path json = dir.resolve("result.json");
    Cli run;
    try {
      run =
          Cli.run(
              "run",
              target.url() + "/",
              "-R",
              "200",
              "-d",
              "2s",
              "-q",
              "--metrics-otlp",
              "http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/metrics",
              "--metrics-otlp-interval",
              "1s",
              "--json",
              json.toString());
    } finally {
      collector.stop(0);
    }
    assertEquals(0, run.exitCode(), run.toString());
    assertFalse(posts.isEmpty(), "the collector received a push: " + run);
    assertEquals("application/x-protobuf", types.get(types.size() - 1), "OTLP/HTTP protobuf");
    JsonNode result = new ObjectMapper().readTree(json.toFile());

    ExportMetricsServiceRequest last =
        ExportMetricsServiceRequest.parseFrom(posts.get(posts.size() - 1));
    List<Metric> metrics = new ArrayList<>();
    last.getResourceMetricsList()
        .forEach(r -> r.getScopeMetricsList().forEach(s -> metrics.addAll(s.getMetricsList())));
    Metric requests = find(metrics, "harness.requests");
    assertTrue(requests.hasSum() && requests.getSum().getIsMonotonic(), "a counter: " + requests);
    double total = 0;
    for (NumberDataPoint p : requests.getSum().getDataPointsList()) {
      total += p.getAsDouble();
    }
    assertEquals(result.get("requests").asLong(), (long) total, "requests in the final push");
    Metric response = find(metrics, "harness.response");
    assertTrue(response.hasHistogram(), "response time is a histogram: " + response);
    var point = response.getHistogram().getDataPoints(0);
    assertEquals(result.at("/latency/response/count").asLong(), point.getCount(), "its count");
    assertTrue(point.getExplicitBoundsCount() >= 10, "explicit buckets: " + point);
    assertEquals("seconds", response.getUnit(), "seconds, as the Prometheus endpoint");
  }

  @Test
  void aCollectorThatIsDownCostsOneLineNotTheRun() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    Cli run =
        Cli.run(
            "run",
            target.url() + "/",
            "-R",
            "100",
            "-d",
            "2s",
            "-q",
            "--metrics-otlp",
            "http://127.0.0.1:" + port + "/v1/metrics",
            "--metrics-otlp-interval",
            "1s");
    assertEquals(0, run.exitCode(), run.toString());
    String says = "harness: cannot push metrics to http://127.0.0.1:" + port + "/v1/metrics: ";
    assertEquals(1, run.err().lines().filter(l -> l.startsWith(says)).count(), run.toString());
    assertFalse(run.err().contains("Exception"), "no stack trace: " + run);
  }

  @Test
  void aBadOtlpUrlExits2WithOneLine() {
    Cli r = Cli.run("run", "http://127.0.0.1:1/", "-R", "10", "--metrics-otlp", "ftp://x/");
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(
        r.err().strip().startsWith("--metrics-otlp: bad URL")
            || r.err().contains("--metrics-otlp: bad URL"),
        r.toString());
    assertFalse(r.err().strip().contains("\n"), "one line: " + r);
  }

  private static Metric find(List<Metric> metrics, String name) {
    return metrics.stream()
        .filter(m -> m.getName().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    name + " not pushed; got " + metrics.stream().map(Metric::getName).toList()));
  }
}
