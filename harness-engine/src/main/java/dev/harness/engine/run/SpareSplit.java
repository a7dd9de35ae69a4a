package dev.harness.engine.run;

import dev.harness.engine.judge.SpareSeconds;
import dev.harness.engine.result.GeneratorHealth;
import dev.harness.engine.result.GeneratorSecond;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.OutcomeCounts;
import dev.harness.engine.result.RequestResult;
import dev.harness.engine.result.Stats;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Splits the measured phases' per-second figures by whether the generator had time to spare in that
 * second ({@link GeneratorHealth#bound}), and keeps the spare seconds' totals: what the judge reads
 * to tell a slow target from a generator at its limit.
 *
 * <p>Thread contract: used by one thread only, the sampler. Each second the {@link Sampler} hands
 * over every measured interval histogram ({@link #add}), then the {@link HealthSampler}'s second
 * decides where they go ({@link #close}).
 */
final class SpareSplit {
  private static final int[] SLOTS = slots();

  private final Sampler sampler;
  private final boolean[] measuredPhase;
  private final int names;
  private final Histogram[] pendingResponse;
  private final Histogram[] pendingService;
  private final Histogram[] spareResponse;
  private final Histogram[] spareService;
  private final long[][] previous; // [name][slot]
  private final long[][] spare; // [name][slot]
  private long spareNanos;
  private long spareSeconds;
  private long boundSeconds;
  private GeneratorSecond last;
  private boolean lastBound;

  SpareSplit(Sampler sampler, boolean[] measuredPhase, int names) {
    this.sampler = sampler;
    this.measuredPhase = measuredPhase;
    this.names = names;
    pendingResponse = histograms(names);
    pendingService = histograms(names);
    spareResponse = histograms(names);
    spareService = histograms(names);
    previous = new long[names][SLOTS.length];
    spare = new long[names][SLOTS.length];
  }

  /** Phase {@code p}, name {@code n}: this second's response and service times. */
  void add(int p, int n, Histogram response, Histogram service) {
    if (measuredPhase[p]) {
      pendingResponse[n].add(response);
      pendingService[n].add(service);
    }
  }

  /** The second {@code s} is over: its figures go to the spare totals unless it was bound. */
  void close(GeneratorSecond s) {
    boolean bound = GeneratorHealth.bound(s, last, lastBound);
    for (int n = 0; n < names; n++) {
      for (int i = 0; i < SLOTS.length; i++) {
        long now = measuredSum(SLOTS[i], n);
        if (!bound) {
          spare[n][i] += now - previous[n][i];
        }
        previous[n][i] = now;
      }
      if (!bound) {
        spareResponse[n].add(pendingResponse[n]);
        spareService[n].add(pendingService[n]);
      }
      pendingResponse[n].reset();
      pendingService[n].reset();
    }
    if (s.measured() && bound) {
      boundSeconds++;
    } else if (s.measured()) {
      spareSeconds++;
      spareNanos += s.endNanos() - s.startNanos();
    }
    last = s;
    lastBound = bound;
  }

  /** The spare seconds' totals, with each name's under {@code names}. */
  SpareSeconds result(List<String> nameList) {
    List<RequestResult> requests = new ArrayList<>();
    Stats all = null;
    for (int n = 0; n < names; n++) {
      Stats one = stats(n);
      requests.add(new RequestResult(nameList.get(n), one));
      all = all == null ? one : all.plus(one);
    }
    if (all == null) {
      all = Stats.empty();
    }
    Stats whole =
        new Stats(
            spareNanos, all.scheduled(), all.sent(), all.outcomes(), all.response(), all.service());
    return new SpareSeconds(spareSeconds, boundSeconds, whole, requests);
  }

  private Stats stats(int n) {
    long[] outcomes = new long[Outcome.count()];
    System.arraycopy(spare[n], 0, outcomes, 0, outcomes.length);
    int k = outcomes.length;
    return new Stats(
        spareNanos,
        spare[n][k],
        spare[n][k + 1],
        OutcomeCounts.of(outcomes, spare[n][k + 2], java.util.Map.of()),
        spareResponse[n].copy(),
        spareService[n].copy());
  }

  private long measuredSum(int slot, int n) {
    long sum = 0;
    for (int p = 0; p < measuredPhase.length; p++) {
      if (measuredPhase[p]) {
        sum += sampler.counterSum(slot, p, n);
      }
    }
    return sum;
  }

  /** Outcomes by ordinal, then scheduled, sent and unexpected. */
  private static int[] slots() {
    int k = Outcome.count();
    int[] s = new int[k + 3];
    for (int i = 0; i < k; i++) {
      s[i] = i;
    }
    s[k] = PhaseRecorder.SCHEDULED;
    s[k + 1] = PhaseRecorder.SENT;
    s[k + 2] = PhaseRecorder.UNEXPECTED;
    return s;
  }

  private static Histogram[] histograms(int n) {
    Histogram[] h = new Histogram[n];
    for (int i = 0; i < n; i++) {
      h[i] = new Histogram(3);
    }
    return h;
  }
}
