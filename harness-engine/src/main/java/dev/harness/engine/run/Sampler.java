package dev.harness.engine.run;

import dev.harness.engine.model.StatusSet;
import dev.harness.engine.result.IntervalSeries;
import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.OutcomeCounts;
import dev.harness.engine.result.Stats;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Swaps out every worker's interval histograms once a second and builds the time series and the
 * per-phase and per-name totals from them. Histograms are added exactly, never averaged.
 *
 * <p>Thread contract: used by one thread only, the sampler; it reads the workers' {@link
 * PhaseRecorder}s as their contract allows.
 */
final class Sampler {
  private final PhaseRecorder[][][] recorders; // [worker][phase][name]
  private final long runStart;
  private final RunListener listener;
  private final int phases;
  private final int names;

  /** Totals per phase and name: [phase][name]. */
  final Histogram[][] response;

  final Histogram[][] service;
  final Histogram[] phaseLag;
  private final long[] previous = new long[PhaseRecorder.SLOTS];
  private final long[] previousStatus = new long[StatusSet.MAX - StatusSet.MIN + 1];
  private final IntervalSeries intervals = new IntervalSeries();
  private long lastSample;

  /** Where each second's histograms also go, to be split by the generator's health; or null. */
  private SpareSplit split;

  private final Histogram intervalResponse = new Histogram(3);
  private final Histogram[] intervalByName;
  private final Map<String, Histogram> byName = new LinkedHashMap<>();
  private final Map<String, Histogram> byNameView = Collections.unmodifiableMap(byName);
  private final List<String> nameList;

  Sampler(PhaseRecorder[][][] recorders, List<String> names, long runStart, RunListener listener) {
    this.recorders = recorders;
    this.runStart = runStart;
    this.listener = listener;
    this.phases = recorders[0].length;
    this.names = names.size();
    this.lastSample = runStart;
    response = new Histogram[phases][this.names];
    service = new Histogram[phases][this.names];
    phaseLag = new Histogram[phases];
    for (int p = 0; p < phases; p++) {
      for (int n = 0; n < this.names; n++) {
        response[p][n] = new Histogram(3);
        service[p][n] = new Histogram(3);
      }
      phaseLag[p] = new Histogram(3);
    }
    nameList = List.copyOf(names);
    intervalByName = new Histogram[this.names];
    for (int n = 0; n < this.names; n++) {
      intervalByName[n] = new Histogram(3);
      byName.put(names.get(n), intervalByName[n]);
    }
  }

  /** Hands every second's measured histograms to {@code s} as well. */
  void split(SpareSplit s) {
    this.split = s;
  }

  /** Takes the interval that ends now ({@code nowNanos}). */
  void sample(long nowNanos) {
    sample(nowNanos, false);
  }

  /**
   * Takes the last interval: the run's tail after the final whole second. An empty tail (nothing
   * happened since the last sample) is dropped instead of showing as a second of zeros.
   */
  void sampleLast(long nowNanos) {
    sample(nowNanos, true);
  }

  private void sample(long nowNanos, boolean last) {
    intervalResponse.reset();
    for (Histogram h : intervalByName) {
      h.reset();
    }
    long[] outcomes = new long[Outcome.count()];
    long[][] outcomesByName = new long[names][Outcome.count()];
    long unexpected = 0;
    for (PhaseRecorder[][] byPhase : recorders) {
      for (int p = 0; p < phases; p++) {
        for (int n = 0; n < names; n++) {
          PhaseRecorder r = byPhase[p][n];
          Histogram h = r.intervalResponse();
          unexpected += r.intervalUnexpected();
          for (Outcome o : Outcome.values()) {
            long c = r.intervalOutcome(o);
            outcomes[o.ordinal()] += c;
            outcomesByName[n][o.ordinal()] += c;
          }
          response[p][n].add(h);
          intervalByName[n].add(h);
          Histogram sv = r.intervalService();
          service[p][n].add(sv);
          if (split != null) {
            split.add(p, n, h, sv);
          }
          phaseLag[p].add(r.intervalLag());
        }
      }
    }
    for (Histogram h : intervalByName) {
      intervalResponse.add(h);
    }
    long[] now = new long[PhaseRecorder.SLOTS];
    for (int slot = 0; slot < PhaseRecorder.SLOTS; slot++) {
      now[slot] = counterSum(slot, -1, -1);
    }
    // Outcomes come from the interval the recorders swapped out with the histograms, not from the
    // counters read a moment later, so an interval's counts and its histogram hold the same
    // requests.
    IntervalStats stats =
        new IntervalStats(
            lastSample - runStart,
            nowNanos - runStart,
            now[PhaseRecorder.SCHEDULED] - previous[PhaseRecorder.SCHEDULED],
            now[PhaseRecorder.SENT] - previous[PhaseRecorder.SENT],
            OutcomeCounts.of(outcomes, unexpected, intervalStatuses()),
            intervalResponse.getValueAtPercentile(50),
            intervalResponse.getValueAtPercentile(90),
            intervalResponse.getValueAtPercentile(99),
            intervalResponse.getMaxValue());
    System.arraycopy(now, 0, previous, 0, now.length);
    lastSample = nowNanos;
    if (last
        && intervals.size() > 0
        && stats.scheduled() == 0
        && stats.sent() == 0
        && stats.outcomes().total() == 0) {
      return;
    }
    intervals.add(stats);
    listener.onNameOutcomes(nameOutcomes(outcomesByName));
    listener.onInterval(stats, intervalResponse, byNameView);
  }

  /** Each name's outcomes in the interval just taken. */
  private Map<String, OutcomeCounts> nameOutcomes(long[][] outcomesByName) {
    Map<String, OutcomeCounts> out = new LinkedHashMap<>();
    for (int n = 0; n < names; n++) {
      out.put(nameList.get(n), OutcomeCounts.of(outcomesByName[n]));
    }
    return out;
  }

  /**
   * Sum of one counter over the workers, for one phase and one name; -1 for all phases or names.
   */
  long counterSum(int slot, int phase, int name) {
    long sum = 0;
    for (PhaseRecorder[][] byPhase : recorders) {
      for (int p = 0; p < phases; p++) {
        if (phase >= 0 && p != phase) {
          continue;
        }
        for (int n = 0; n < names; n++) {
          if (name < 0 || n == name) {
            sum += byPhase[p][n].counter(slot);
          }
        }
      }
    }
    return sum;
  }

  /**
   * Answers by exact status since the previous sample, over every worker, phase and name: what an
   * {@code --abort-on 'status429 > 50%'} judges. Statuses not seen in the interval are left out.
   */
  private Map<Integer, Long> intervalStatuses() {
    Map<Integer, Long> delta = new TreeMap<>();
    for (int i = 0; i < previousStatus.length; i++) {
      long now = 0;
      for (PhaseRecorder[][] byPhase : recorders) {
        for (PhaseRecorder[] byName : byPhase) {
          for (PhaseRecorder r : byName) {
            now += r.statusCount(StatusSet.MIN + i);
          }
        }
      }
      if (now != previousStatus[i]) {
        delta.put(StatusSet.MIN + i, now - previousStatus[i]);
        previousStatus[i] = now;
      }
    }
    return delta;
  }

  /**
   * Answers by exact status over the workers, for one phase and one name (-1 for all); statuses
   * never seen are left out.
   */
  Map<Integer, Long> statusSums(int phase, int name) {
    Map<Integer, Long> sums = new TreeMap<>();
    for (int status = StatusSet.MIN; status <= StatusSet.MAX; status++) {
      long sum = 0;
      for (PhaseRecorder[][] byPhase : recorders) {
        for (int p = 0; p < phases; p++) {
          for (int n = 0; n < names; n++) {
            if ((phase < 0 || p == phase) && (name < 0 || n == name)) {
              sum += byPhase[p][n].statusCount(status);
            }
          }
        }
      }
      if (sum != 0) {
        sums.put(status, sum);
      }
    }
    return sums;
  }

  /** The seconds sampled so far, as a list that never changes. */
  List<IntervalStats> intervals() {
    return intervals.snapshot();
  }

  /** How many seconds were sampled so far. */
  int sampled() {
    return intervals.size();
  }

  /** What was recorded in phase {@code p} for request name {@code n}, or all names for -1. */
  Stats stats(int p, int n, long durationNanos) {
    Histogram responses = new Histogram(3);
    Histogram services = new Histogram(3);
    for (int k = 0; k < response[p].length; k++) {
      if (n < 0 || k == n) {
        responses.add(response[p][k]);
        services.add(service[p][k]);
      }
    }
    long[] outcomes = new long[Outcome.count()];
    for (int i = 0; i < outcomes.length; i++) {
      outcomes[i] = counterSum(i, p, n);
    }
    return new Stats(
        durationNanos,
        counterSum(PhaseRecorder.SCHEDULED, p, n),
        counterSum(PhaseRecorder.SENT, p, n),
        OutcomeCounts.of(outcomes, counterSum(PhaseRecorder.UNEXPECTED, p, n), statusSums(p, n)),
        responses,
        services);
  }
}
