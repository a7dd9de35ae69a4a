package dev.harness.engine.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.judge.Recovery;
import dev.harness.engine.judge.Slo;
import dev.harness.engine.model.Criterion;
import dev.harness.engine.model.RateProfile;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.result.Verdict;
import dev.harness.engine.run.LoadRun;
import dev.harness.engine.run.RunListener;
import dev.harness.engine.target.TargetConfig;
import dev.harness.engine.target.TargetServer;
import dev.harness.engine.testkit.Specs;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The target dies mid-run and comes back: the outage shows as connect errors, the generator
 * reconnects by itself, the run ends normally, and recovery is measured from the restart.
 */
@Tag("timing")
class TargetRestartTest {
  private static final long S = 1_000_000_000L;

  @Test
  void killedTargetShowsConnectErrorsThenReconnectsAndRecovers() throws Exception {
    TargetServer target = TargetServer.start(TargetConfig.defaults());
    int port = target.port();
    RunSpec spec =
        Specs.builder(target.url() + "/")
            .phases(List.of(Specs.main(8 * S, new RateProfile.Constant(300))))
            .connections(32)
            .timeoutNanos(2 * S)
            .build();
    CompletableFuture<Long> zero = new CompletableFuture<>();
    RunListener listener =
        new RunListener() {
          @Override
          public void onStart(long startNanos) {
            zero.complete(startNanos);
          }

          @Override
          public void onInterval(
              IntervalStats stats, Histogram response, Map<String, Histogram> byName) {}
        };
    CompletableFuture<RunResult> run =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new LoadRun(spec, listener, S).execute();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    long start = zero.get(10, TimeUnit.SECONDS);
    long stoppedAt;
    long restartedAt;
    try {
      sleepUntil(start + 2 * S);
      target.close();
      stoppedAt = System.nanoTime() - start;
      sleepUntil(start + stoppedAt + 3 * S);
      target = TargetServer.start(TargetConfig.builder().port(port).build());
      restartedAt = System.nanoTime() - start;
      RunResult r = run.get(30, TimeUnit.SECONDS);
      String series =
          r.intervals().stream()
              .map(i -> "t=" + i.startNanos() / S + " " + i.outcomes())
              .collect(Collectors.joining("\n  ", "\n  ", ""));

      // The run went on to its end (it may still be judged invalid when a busy machine made the
      // generator late: that is the generator's own verdict, not the outage's).
      assertNotEquals(Verdict.INTERRUPTED, r.verdict(), r.reason());
      assertEquals(8 * S, r.measured().durationNanos(), "ran its full length");
      assertEquals(2400, r.measured().scheduled(), "every arrival was scheduled");
      assertEquals(r.measured().scheduled(), r.measured().requests(), "every arrival accounted");
      long connectErrors = 0;
      for (IntervalStats i : r.intervals()) {
        boolean down = i.startNanos() >= stoppedAt + S / 2 && i.endNanos() <= restartedAt;
        if (down) {
          assertEquals(0, i.outcomes().get(Outcome.S2XX), "nothing answered while down" + series);
          connectErrors += i.outcomes().get(Outcome.CONNECT_ERROR);
        }
        if (i.startNanos() >= restartedAt + S && i.startNanos() < 8 * S) {
          assertTrue(i.outcomes().get(Outcome.S2XX) >= 250, "reconnected and served" + series);
          assertEquals(0, i.outcomes().errors(), "clean after the restart" + series);
        }
      }
      assertTrue(connectErrors >= 300, "the outage is connect errors: " + connectErrors + series);

      // The outage is errors; the latency bound only says "answered in reasonable time" (the
      // machine is shared, and a busy one puts tens of ms on any p99).
      Slo slo = Slo.of(List.of(Criterion.parse("errors < 1%"), Criterion.parse("p99 < 500ms")));
      long recovery = Recovery.after(r.intervals(), slo, restartedAt, 8 * S);
      // Two seconds, not one: the first second after a restart on a busy machine may still hold
      // a reconnect stall; the point is that recovery is counted from the restart.
      assertTrue(
          recovery >= 0 && recovery <= 2 * S,
          "recovered within two seconds of the restart: " + recovery / 1e9 + " s" + series);
    } finally {
      target.close();
    }
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long left;
    while ((left = nanoTime - System.nanoTime()) > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }
}
