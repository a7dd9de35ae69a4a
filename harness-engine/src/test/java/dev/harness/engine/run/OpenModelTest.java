package dev.harness.engine.run;

import static dev.harness.engine.testkit.Specs.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.model.LoadModel;
import dev.harness.engine.model.Phase;
import dev.harness.engine.model.RateProfile;
import dev.harness.engine.result.GeneratorHealth;
import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.result.Stats;
import dev.harness.engine.result.Verdict;
import dev.harness.engine.target.Delay;
import dev.harness.engine.target.TargetConfig;
import dev.harness.engine.target.TargetServer;
import dev.harness.engine.testkit.Await;
import dev.harness.engine.testkit.Specs;
import dev.harness.engine.testkit.TargetExtension;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The open-model engine against the embedded target, on real loopback sockets. */
class OpenModelTest {
  @RegisterExtension static final TargetExtension target = TargetExtension.withDefaults();

  private static TargetServer serve(TargetConfig config) {
    return TargetServer.start(config.toBuilder().port(0).build());
  }

  private static String url(TargetServer s, String path) {
    return s.url() + path;
  }

  @Tag("timing")
  @Test
  void offersTheScheduledRateAndAccountsForEveryArrival() throws Exception {
    RunResult r =
        Runs.run(Specs.open(target.url("/"), 2000, 3, 2, 16, "errors < 0.1%", "rps >= 1960"));
    Stats m = r.measured();
    assertEquals(6000, m.scheduled(), "2000/s for 3 s schedules exactly 6000 arrivals");
    assertEquals(m.scheduled(), m.requests(), "every arrival ends in one outcome: " + m.outcomes());
    assertEquals(6000, m.outcomes().get(Outcome.S2XX), "all answered 2xx: " + m.outcomes());
    assertEquals(
        m.requests(), m.response().getTotalCount(), "every answer is in the response histogram");
    assertTrue(
        Math.abs(m.achievedRate() - 2000) <= 40,
        "achieved within 2% of 2000/s: " + m.achievedRate());
    assertEquals(Verdict.PASS, r.verdict(), "verdict; reason: " + r.reason());
    assertTrue(r.generator().heldSchedule(), "generator kept up at 2000/s: " + r.generator());
  }

  @Tag("timing")
  @Test
  void aTickBatchesArrivalsAndTheirWaitCountsAsLatency() throws Exception {
    // 2000/s is an arrival every 0.5 ms; a 5 ms tick sends about ten at a time, so a worker
    // wakes for arrivals at most 200 times a second instead of 2000, and an arrival waits 2.25 ms
    // on average for its wake, which is part of its response time (not of its service time).
    RunResult r =
        Runs.run(
            Specs.open(target.url("/"), 2000, 2, 1, 16).toBuilder().tickNanos(5_000_000L).build());
    Stats m = r.measured();
    assertEquals(4000, m.scheduled(), "the tick changes when arrivals go, not how many");
    assertEquals(4000, m.outcomes().get(Outcome.S2XX), "all answered: " + m.outcomes());
    long heartbeats = 2 * SECOND / GeneratorHealth.HEARTBEAT_NANOS;
    long wakes = r.generator().timerLateness().getTotalCount() - heartbeats;
    assertTrue(
        wakes <= 2 * 200 + 50,
        "at most one pacing wake per 5 ms tick (+ start and end), got " + wakes);
    double lagMeanMs = r.generator().dispatchLag().getMean() / 1e6;
    assertTrue(lagMeanMs >= 1.5, "arrivals wait for their tick: mean lag " + lagMeanMs + " ms");
    assertTrue(
        m.response().getMean() - m.service().getMean() >= 1.5e6,
        "the wait is in the response time, not the service time: response mean "
            + m.response().getMean()
            + " ns, service mean "
            + m.service().getMean()
            + " ns");
  }

  @Tag("timing")
  @Test
  void reportsStallInP99WhenTargetFreezes() throws Exception {
    // 500 ms stalls every 5 s from the server's start (the first at 5 s, inside a 7 s run that
    // starts within a second and a half): about a tenth of all arrivals wait up to 500 ms. A tool
    // that measured from the actual send, or skipped arrivals while stalled, would report a p99 of
    // a millisecond.
    try (TargetServer server =
        serve(
            TargetConfig.builder()
                .freezeNanos(500_000_000L)
                .freezeEveryNanos(5 * SECOND)
                .build())) {
      RunResult r = Runs.run(Specs.open(url(server, "/"), 1000, 7, 1, 64));
      Stats m = r.measured();
      long p99 = m.response().getValueAtPercentile(99);
      long serviceP50 = m.service().getValueAtPercentile(50);
      assertTrue(
          p99 > 300_000_000L,
          "response p99 over 300 ms with 500 ms stalls, got " + p99 / 1e6 + " ms");
      assertTrue(
          serviceP50 < 50_000_000L,
          "service p50 stays low outside stalls, got " + serviceP50 / 1e6 + " ms");
      assertEquals(0, m.errors(), "stalls delay answers, they do not fail them: " + m.outcomes());
      assertEquals(7_000, m.requests(), "no arrival skipped during stalls");
    }
  }

  @Tag("timing")
  @Test
  void waitingForABusyConnectionCountsAsLatency() throws Exception {
    // One connection, answers take 20 ms, arrivals every 10 ms: arrivals queue behind each other,
    // and that queueing must show in response time (from intended start), not in service time.
    try (TargetServer server = serve(TargetConfig.builder().delay(Delay.parse("20ms")).build())) {
      RunResult r = Runs.run(Specs.open(url(server, "/"), 100, 2, 1, 1));
      Stats m = r.measured();
      long responseP90 = m.response().getValueAtPercentile(90);
      long serviceP90 = m.service().getValueAtPercentile(90);
      assertTrue(
          serviceP90 < 200_000_000L,
          "service time is one answer's 20 ms, got " + serviceP90 / 1e6 + " ms");
      assertTrue(
          responseP90 > 3 * serviceP90,
          "queueing makes response p90 ("
              + responseP90 / 1e6
              + " ms) far exceed service p90 ("
              + serviceP90 / 1e6
              + " ms)");
      assertTrue(
          r.generator().heldSchedule(), "the generator itself was on time: " + r.generator());
      assertEquals(
          m.scheduled(), m.requests(), "queued arrivals are still accounted for: " + m.outcomes());
    }
  }

  @Tag("timing")
  @Test
  void warmupIsRunAndReportedButNotJudged() throws Exception {
    RateProfile rate = new RateProfile.Constant(500);
    RunResult r =
        Runs.run(
            Specs.spec(
                target.url("/"),
                LoadModel.OPEN,
                List.of(
                    new Phase("warmup", SECOND, rate, true),
                    new Phase("main", 2 * SECOND, rate, false)),
                1,
                8,
                5 * SECOND,
                "rps >= 490"));
    assertEquals(2, r.phases().size(), "both phases reported");
    assertEquals(500, r.phases().get(0).stats().scheduled(), "warm-up arrivals");
    assertEquals(1000, r.measured().scheduled(), "only the main phase is measured");
    assertEquals(2 * SECOND, r.measured().durationNanos(), "measured window is the main phase");
    assertEquals(Verdict.PASS, r.verdict(), r.reason());
  }

  @Tag("timing")
  @Test
  void intervalsFollowTheRateSecondBySecond() throws Exception {
    RunResult r = Runs.run(Specs.open(target.url("/"), 1000, 3, 1, 8));
    List<IntervalStats> whole =
        r.intervals().stream().filter(i -> i.endNanos() - i.startNanos() > SECOND / 2).toList();
    assertTrue(whole.size() >= 3, "three whole seconds: " + r.intervals());
    for (IntervalStats i : whole.subList(0, 3)) {
      assertTrue(Math.abs(i.scheduled() - 1000) <= 20, "about 1000 arrivals in each second: " + i);
    }
    long sum = r.intervals().stream().mapToLong(IntervalStats::scheduled).sum();
    assertEquals(r.measured().scheduled(), sum, "intervals add up to the run");
  }

  @Test
  void errorStatusesAreCountedAndFailCriteria() throws Exception {
    try (TargetServer server = serve(TargetConfig.builder().errorRate(1.0).build())) {
      RunResult r = Runs.run(Specs.open(url(server, "/"), 200, 1, 1, 4, "errors < 1%"));
      assertEquals(
          200,
          r.measured().outcomes().get(Outcome.S5XX),
          "every answer a 500: " + r.measured().outcomes());
      assertEquals(Verdict.FAIL, r.verdict(), "errors < 1% fails on 100% errors");
    }
  }

  @Test
  void slowAnswersTimeOutAndAreCountedWithTheirWait() throws Exception {
    try (TargetServer server = serve(TargetConfig.builder().delay(Delay.parse("3s")).build())) {
      RunResult r =
          Runs.run(
              Specs.spec(
                  url(server, "/"),
                  LoadModel.OPEN,
                  List.of(new Phase("main", SECOND, new RateProfile.Constant(20), false)),
                  1,
                  40,
                  200_000_000L));
      Stats m = r.measured();
      assertEquals(
          20,
          m.outcomes().get(Outcome.TIMEOUT),
          "all 20 requests time out at 200 ms: " + m.outcomes());
      assertTrue(
          m.response().getMinValue() >= 200_000_000L,
          "a timeout is recorded at no less than the timeout");
      assertEquals(Verdict.INVALID, r.verdict(), "no answer at all cannot be judged");
      assertTrue(
          r.reason().contains("never answered") && r.reason().contains("20 timeout"), r.reason());
    }
  }

  @Tag("timing")
  @Test
  void closedModelKeepsConnectionsBusyWithoutErrors() throws Exception {
    RunResult r =
        Runs.run(
            Specs.spec(
                target.url("/"),
                LoadModel.CLOSED,
                List.of(new Phase("main", 2 * SECOND, null, false)),
                1,
                8,
                5 * SECOND));
    Stats m = r.measured();
    assertEquals(0, m.errors(), "no errors: " + m.outcomes());
    assertTrue(
        m.requests() > 1000,
        "8 busy connections answer far more than 1000 requests in 2 s: " + m.requests());
    assertEquals(m.response().getTotalCount(), m.service().getTotalCount());
    assertEquals(
        m.response().getValueAtPercentile(99),
        m.service().getValueAtPercentile(99),
        "closed model: the intended start is the send, so response equals service time");
  }

  @Tag("timing")
  @Test
  void stopEndsTheRunEarlyWithWhatRan() throws Exception {
    // Stops once the sampler has reported two seconds, not after a fixed sleep: on a busy machine
    // the run may start late, and the test is about stopping part-way, whenever that is.
    AtomicInteger intervals = new AtomicInteger();
    RunListener counting = (stats, response, byName) -> intervals.incrementAndGet();
    LoadRun run = new LoadRun(Specs.open(target.url("/"), 500, 30, 1, 8), counting, SECOND);
    CompletableFuture<RunResult> result =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return run.execute();
              } catch (Exception e) {
                throw new RuntimeException(e);
              }
            });
    Await.until("two seconds of the run sampled", () -> intervals.get() >= 2);
    run.stop();
    RunResult r = result.get();
    assertEquals(Verdict.INTERRUPTED, r.verdict());
    long ran = r.measured().durationNanos();
    assertTrue(
        ran > SECOND && ran < 30 * SECOND,
        "measured window is the part that ran: " + ran / 1e9 + " s");
    assertEquals(
        r.measured().scheduled(),
        r.measured().requests(),
        "every arrival of the part accounted for");
    assertTrue(
        Math.abs(r.measured().achievedRate() - 500) < 100,
        "rate over the part that ran: " + r.measured().achievedRate());
  }

  @Test
  void nothingListeningIsUnreachable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    TargetUnreachableException e =
        assertThrows(
            TargetUnreachableException.class,
            () -> Runs.run(Specs.open("http://127.0.0.1:" + port + "/", 100, 1, 1, 2)));
    assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
  }
}
