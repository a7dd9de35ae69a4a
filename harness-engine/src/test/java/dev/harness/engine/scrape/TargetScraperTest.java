package dev.harness.engine.scrape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.model.TargetMetricsSpec;
import dev.harness.engine.result.TargetMetrics;
import dev.harness.engine.target.TargetConfig;
import dev.harness.engine.target.TargetServer;
import dev.harness.engine.testkit.Await;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Scrapes the embedded target's /metrics on loopback. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TargetScraperTest {
  private static final long INTERVAL = 100_000_000L;

  @Test
  void recordsEachChosenSeriesOfEveryScrape() throws Exception {
    AtomicInteger scrapes = new AtomicInteger();
    try (TargetServer server = TargetServer.start(TargetConfig.defaults())) {
      server.serveMetrics(
          () -> {
            int n = scrapes.incrementAndGet();
            return "# TYPE process_resident_memory_bytes gauge\n"
                + "process_resident_memory_bytes "
                + (1000 + n)
                + "\nprocess_cpu_seconds_total "
                + n * 0.5
                + "\n";
          });
      TargetScraper scraper =
          TargetScraper.of(
              TargetMetricsSpec.of(server.url() + "/metrics", INTERVAL, List.of("absent_total")));
      scraper.start(System.nanoTime());
      Await.until("three scrapes", () -> scraper.result().scrapes().size() >= 3);
      scraper.stop();
      TargetMetrics t = scraper.result();
      assertEquals(
          List.of("process_resident_memory_bytes", "process_cpu_seconds_total", "absent_total"),
          t.series());
      TargetMetrics.Scrape first = t.scrapes().get(0);
      TargetMetrics.Scrape second = t.scrapes().get(1);
      assertTrue(second.atNanos() > first.atNanos(), "in time order");
      assertTrue(second.values()[0] > first.values()[0], "memory of a later scrape");
      for (TargetMetrics.Scrape s : t.scrapes()) {
        assertEquals((s.values()[0] - 1000) * 0.5, s.values()[1], "both series of one scrape");
      }
      assertTrue(Double.isNaN(first.values()[2]), "a series the target lacks is NaN");
      int before = t.scrapes().size();
      Thread.sleep(3 * INTERVAL / 1_000_000);
      assertEquals(before, scraper.result().scrapes().size(), "no scrape after stop");
    }
  }

  @Test
  void countsFailedScrapesWithTheirReasonWithoutThrowing() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    try (TargetServer server = TargetServer.start(TargetConfig.defaults())) {
      server.serveMetrics(() -> "<html>not metrics</html>\n");
      String[][] cases = {
        {server.url() + "/no-such-route", "status 404"},
        {server.url() + "/metrics", "not Prometheus text format: line 1"},
        {"http://127.0.0.1:" + closedPort + "/metrics", ""},
      };
      for (String[] c : cases) {
        TargetScraper scraper = TargetScraper.of(TargetMetricsSpec.of(c[0], INTERVAL, List.of()));
        scraper.start(System.nanoTime());
        Await.until("two failed scrapes of " + c[0], () -> scraper.result().failures() >= 2);
        scraper.stop();
        TargetMetrics t = scraper.result();
        assertEquals(0, t.scrapes().size(), c[0]);
        assertTrue(
            t.lastError() != null && t.lastError().startsWith(c[1]),
            c[0] + ": expected '" + c[1] + "', got " + t.lastError());
      }
    }
  }

  @Test
  void noSpecScrapesNothing() {
    TargetScraper none = TargetScraper.of(null);
    none.start(System.nanoTime());
    none.stop();
    assertNull(none.result());
  }
}
