package dev.harness.engine.run;

import static dev.harness.engine.testkit.Specs.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.model.LoadModel;
import dev.harness.engine.model.Phase;
import dev.harness.engine.model.RateProfile;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.result.Stats;
import dev.harness.engine.target.Delay;
import dev.harness.engine.target.TargetConfig;
import dev.harness.engine.testkit.Specs;
import dev.harness.engine.testkit.TargetExtension;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Open-model arrivals leave at the next wake the worker has anyway, to read an answer, rather than
 * waiting for the pacing tick; when no answer comes in time, the tick still sends them.
 */
class AnswerPacingTest {
  /**
   * Answers take 20 ms on average, exponentially distributed, as a real service's vary: while
   * arrivals flow, answers keep coming, one about every arrival's gap, each to a request sent
   * before the worker's last send.
   */
  @RegisterExtension
  static final TargetExtension target =
      TargetExtension.with(TargetConfig.builder().delay(Delay.parse("exp:20ms")));

  private static final long TICK = 10_000_000L;

  @Tag("timing")
  @Test
  void dueArrivalsLeaveWithAnswersAndTheTickSendsTheRest() throws Exception {
    // Busy: 2000/s, about 40 requests in flight, an answer about every 0.5 ms. With only the 10 ms
    // tick, an arrival would wait 5 ms at the median for its wake; sent with the answers, it waits
    // for the next answer, about 0.35 ms at the median.
    // Quiet: 40/s is an arrival every 25 ms, more than a tick: the timer sends each at its time.
    RateProfile busy = new RateProfile.Constant(2000);
    RateProfile quiet = new RateProfile.Constant(40);
    RunResult r =
        Runs.run(
            Specs.spec(
                    target.url("/"),
                    LoadModel.OPEN,
                    List.of(
                        new Phase("busy", SECOND, busy, false),
                        new Phase("quiet", SECOND, quiet, false)),
                    1,
                    100,
                    5 * SECOND)
                .toBuilder()
                .tickNanos(TICK)
                .build());
    Stats b = r.phases().get(0).stats();
    Stats q = r.phases().get(1).stats();
    assertEquals(
        2000, b.outcomes().get(Outcome.S2XX), "busy: every arrival answered: " + b.outcomes());
    assertEquals(
        40, q.outcomes().get(Outcome.S2XX), "quiet: every arrival answered: " + q.outcomes());
    // Dispatch lag, not response time: on a busy machine a stalled JVM also queues arrivals for a
    // connection, which is not what this test is about. The busy phase holds 98 % of the arrivals.
    long lagP50 = r.generator().dispatchLag().getValueAtPercentile(50);
    assertTrue(
        lagP50 < TICK / 4,
        "busy: arrivals leave with the answers, not at the 10 ms tick (median wait 5 ms): dispatch"
            + " lag p50 "
            + lagP50 / 1e6
            + " ms");
    long quietAdded = added(q);
    assertTrue(
        quietAdded < TICK / 4,
        "quiet: with no answer in between, the timer sends each arrival at its time: added delay "
            + quietAdded / 1e6
            + " ms");
  }

  /** Response-time p50 minus service-time p50: the median wait of the generator's own. */
  private static long added(Stats s) {
    return s.response().getValueAtPercentile(50) - s.service().getValueAtPercentile(50);
  }
}
