package dev.harness.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.model.ProbeSpec;
import dev.harness.engine.result.CriterionResult;
import dev.harness.engine.result.ProbeResult;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.target.TargetConfig;
import dev.harness.engine.target.TargetServer;
import dev.harness.engine.testkit.Specs;
import dev.harness.engine.testkit.TargetExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The health probe against a target whose /health is down for a known window. */
class HealthProbeTest {
  @RegisterExtension static final TargetExtension target = TargetExtension.withDefaults();

  @Tag("timing")
  @Test
  void aHealthOutageShowsInTheTimelineAndInAvailability() throws Exception {
    // /health answers 503 from 2 s to 4 s after the server started; the run starts within a
    // second of that and polls every 250 ms for 6 s.
    TargetConfig config =
        TargetConfig.builder()
            .healthDownFromNanos(2 * Specs.SECOND)
            .healthDownForNanos(2 * Specs.SECOND)
            .build();
    try (TargetServer server = TargetServer.start(config)) {
      ProbeSpec probe =
          ProbeSpec.of(server.url() + "/health", 250_000_000L).toBuilder()
              .timeoutNanos(2 * Specs.SECOND)
              .build();
      RunResult r =
          Runs.run(
              Specs.open(server.url() + "/", 200, 6, 1, 4, "availability >= 99%").toBuilder()
                  .probe(probe)
                  .build());

      ProbeResult p = r.probe();
      assertNotNull(p, "the result carries the probe");
      List<ProbeResult.Poll> polls = p.polls();
      assertTrue(polls.size() >= 20, "about 24 polls in 6 s, got " + polls.size());
      List<ProbeResult.Poll> failed = polls.stream().filter(x -> !x.ok()).toList();
      assertTrue(
          failed.size() >= 5 && failed.size() <= 10,
          "a 2 s outage at 4 polls a second fails about 8: " + failed);
      assertTrue(
          failed.stream().allMatch(x -> x.status() == 503 && "status 503".equals(x.error())),
          "the outage answers 503: " + failed);
      int first = polls.indexOf(failed.get(0));
      int last = polls.indexOf(failed.get(failed.size() - 1));
      assertEquals(failed.size(), last - first + 1, "the failures form one window: " + polls);
      assertTrue(polls.get(0).ok(), "up before the window: " + polls.get(0));
      assertTrue(polls.get(polls.size() - 1).ok(), "up after it: " + polls.get(polls.size() - 1));

      double availability = (double) p.measuredOk() / p.measuredPolls();
      assertEquals(availability, p.availability(), 1e-9, "availability = ok / polls");
      CriterionResult c = r.criteria().get(0);
      assertFalse(c.passed(), "availability >= 99% fails with the outage: " + c);
      assertEquals(availability * 100, c.actual(), 1e-9, "criterion actual in percent");
    }
  }

  @Test
  void availabilityWithoutAProbeFailsSayingWhatItNeeds() throws Exception {
    RunResult r = Runs.run(Specs.open(target.url() + "/", 100, 1, 1, 2, "availability >= 99%"));

    CriterionResult c = r.criteria().get(0);
    assertFalse(c.passed(), "no probe, no availability: " + c);
    assertTrue(c.actualText().contains("needs --probe"), c.actualText());
  }

  @Test
  void theTargetServesMetricsItIsGiven() throws Exception {
    target.server().serveMetrics(() -> "target_http_requests_total{status=\"2xx\"} 1.0\n");
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(target.url() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());

    assertEquals(200, r.statusCode(), "status");
    assertTrue(r.body().contains("target_http_requests_total"), r.body());
    assertTrue(
        r.headers().firstValue("content-type").orElse("").startsWith("text/plain"),
        "Prometheus text content type");
  }
}
