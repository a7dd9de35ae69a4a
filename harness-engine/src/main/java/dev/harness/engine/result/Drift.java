package dev.harness.engine.result;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How a run's p99 and achieved rate moved over its measured part, from the per-second series: the
 * first tenth against the last tenth, and a least-squares slope per hour. A soak that "drifted 30 %
 * over 24 h" shows here. A tenth's p99 is the median of its seconds' p99 (one slow second does not
 * make a drift); its rate is its answers over its length. Immutable.
 *
 * @param seconds measured seconds the figures come from
 * @param p99FirstNanos p99 of the first tenth, ns
 * @param p99LastNanos p99 of the last tenth, ns
 * @param p99SlopeNanosPerHour least-squares slope of the per-second p99, ns per hour
 * @param rateFirst achieved rate of the first tenth, per second
 * @param rateLast achieved rate of the last tenth, per second
 * @param rateSlopePerHour least-squares slope of the per-second achieved rate, per second per hour
 */
public record Drift(
    long seconds,
    double p99FirstNanos,
    double p99LastNanos,
    double p99SlopeNanosPerHour,
    double rateFirst,
    double rateLast,
    double rateSlopePerHour) {

  /** Fewer measured seconds than this give no drift: a tenth needs two seconds at least. */
  public static final int MIN_SECONDS = 20;

  /** Change of the p99 from the first to the last tenth, percent; NaN when the first was 0. */
  public double p99ChangePercent() {
    return p99FirstNanos == 0 ? Double.NaN : (p99LastNanos - p99FirstNanos) * 100 / p99FirstNanos;
  }

  /** Change of the achieved rate from the first to the last tenth, percent; NaN when it was 0. */
  public double rateChangePercent() {
    return rateFirst == 0 ? Double.NaN : (rateLast - rateFirst) * 100 / rateFirst;
  }

  /**
   * The drift of the seconds that start in {@code [fromNanos, toNanos)} (the measured part), or
   * null when fewer than {@link #MIN_SECONDS} of them answered anything.
   */
  public static Drift of(List<IntervalStats> intervals, long fromNanos, long toNanos) {
    List<IntervalStats> measured = new ArrayList<>();
    for (IntervalStats i : intervals) {
      long start = Math.round(i.startNanos() / 1e9) * 1_000_000_000L; // on the one-second grid
      if (start >= fromNanos && start < toNanos && i.endNanos() > i.startNanos()) {
        measured.add(i);
      }
    }
    if (measured.size() < MIN_SECONDS) {
      return null;
    }
    int tenth = measured.size() / 10;
    List<IntervalStats> first = measured.subList(0, tenth);
    List<IntervalStats> last = measured.subList(measured.size() - tenth, measured.size());
    double[] x = new double[measured.size()];
    double[] p99 = new double[x.length];
    double[] rate = new double[x.length];
    for (int k = 0; k < x.length; k++) {
      IntervalStats i = measured.get(k);
      x[k] = (i.startNanos() + i.endNanos()) / 2e9 / 3600; // hours
      p99[k] = i.responseP99();
      rate[k] = i.achievedRate();
    }
    return new Drift(
        measured.size(),
        medianP99(first),
        medianP99(last),
        slope(x, p99),
        rate(first),
        rate(last),
        slope(x, rate));
  }

  private static double medianP99(List<IntervalStats> seconds) {
    double[] v = seconds.stream().mapToDouble(IntervalStats::responseP99).sorted().toArray();
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  private static double rate(List<IntervalStats> seconds) {
    long answers = 0;
    long nanos = 0;
    for (IntervalStats i : seconds) {
      answers += i.outcomes().responses();
      nanos += i.endNanos() - i.startNanos();
    }
    return nanos == 0 ? 0 : answers * 1e9 / nanos;
  }

  /** Least-squares slope of y over x. */
  private static double slope(double[] x, double[] y) {
    double mx = Arrays.stream(x).average().orElse(0);
    double my = Arrays.stream(y).average().orElse(0);
    double num = 0;
    double den = 0;
    for (int k = 0; k < x.length; k++) {
      num += (x[k] - mx) * (y[k] - my);
      den += (x[k] - mx) * (x[k] - mx);
    }
    return den == 0 ? 0 : num / den;
  }
}
