package dev.harness.report;

import static dev.harness.report.ResultJson.millis;
import static dev.harness.report.ResultJson.putMillis;
import static dev.harness.report.ResultJson.putNumber;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harness.engine.result.GeneratorSecond;
import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.OutcomeCounts;
import dev.harness.engine.result.ProbeResult;
import dev.harness.engine.result.Resilience;
import dev.harness.engine.result.RunResult;
import java.util.List;
import java.util.function.IntToLongFunction;

/**
 * The time series of {@code result.json}: the run's {@code intervals} and the generator's {@code
 * seconds}. A run up to an hour long has one entry a second; a longer one one entry a minute
 * ({@code seriesResolutionSeconds}), so a 24 h soak's file stays about a megabyte, with the
 * per-second detail in {@code latency.hlog}. A minute entry has the fields of a second: counts are
 * the minute's sums, {@code seconds} its length, rates from those; {@code max} is the minute's
 * highest value, and {@code p50}/{@code p90}/{@code p99} the highest per-second value in the minute
 * (percentiles of seconds cannot be added, and the worst second keeps a spike visible). The probe's
 * timeline of such a run keeps its failed polls, the poll after each and one poll a minute ({@link
 * #keepPoll}). Stateless.
 */
final class SeriesJson {
  /** Runs whose series is longer than this get one entry a minute. */
  static final long PER_MINUTE_FROM_NANOS = 3_600_000_000_000L;

  private SeriesJson() {}

  /** Seconds per series entry of {@code r}: 1, or 60 for a run over an hour. */
  static int resolutionSeconds(RunResult r) {
    List<IntervalStats> is = r.intervals();
    return !is.isEmpty() && is.get(is.size() - 1).endNanos() > PER_MINUTE_FROM_NANOS ? 60 : 1;
  }

  /** Puts {@code seriesResolutionSeconds} and {@code intervals} into {@code root}. */
  static void putIntervals(ObjectNode root, RunResult r) {
    int resolution = resolutionSeconds(r);
    root.put("seriesResolutionSeconds", resolution);
    ArrayNode out = root.putArray("intervals");
    List<IntervalStats> is = r.intervals();
    Resilience res = r.resilience();
    List<Boolean> within = res == null ? null : res.withinSlo();
    int k = 0;
    while (k < is.size()) {
      int to = resolution == 1 ? k + 1 : minuteEnd(is.size(), k, j -> is.get(j).startNanos());
      out.add(interval(is, k, to, within, resolution));
      k = to;
    }
  }

  /** The generator's {@code seconds}, at the resolution of {@code r}'s series. */
  static void putGeneratorSeconds(ArrayNode out, List<GeneratorSecond> ss, RunResult r) {
    int resolution = resolutionSeconds(r);
    int k = 0;
    while (k < ss.size()) {
      int to = resolution == 1 ? k + 1 : minuteEnd(ss.size(), k, j -> ss.get(j).startNanos());
      out.add(generator(ss, k, to));
      k = to;
    }
  }

  /**
   * Whether a run over an hour keeps poll {@code i} in its probe timeline: every failed poll, the
   * poll after each failure (where the probe came back), and the first poll of each minute; the
   * probe's totals and availability count every poll all the same.
   */
  static boolean keepPoll(List<ProbeResult.Poll> polls, int i) {
    ProbeResult.Poll p = polls.get(i);
    if (!p.ok() || i == 0 || !polls.get(i - 1).ok()) {
      return true;
    }
    return Math.floorDiv(p.atNanos(), 60_000_000_000L)
        != Math.floorDiv(polls.get(i - 1).atNanos(), 60_000_000_000L);
  }

  /**
   * The index after the last entry in the same minute of the run as entry {@code from}; {@code
   * start} gives an entry's start (ns), placed on the one-second grid.
   */
  private static int minuteEnd(int size, int from, IntToLongFunction start) {
    long minute = Math.round(start.applyAsLong(from) / 1e9) / 60;
    int to = from + 1;
    while (to < size && Math.round(start.applyAsLong(to) / 1e9) / 60 == minute) {
      to++;
    }
    return to;
  }

  private static ObjectNode interval(
      List<IntervalStats> is, int from, int to, List<Boolean> within, int resolution) {
    OutcomeCounts o = OutcomeCounts.empty();
    long scheduled = 0;
    long sent = 0;
    long nanos = 0;
    long p50 = 0;
    long p90 = 0;
    long p99 = 0;
    long max = 0;
    boolean measured = false;
    int judged = 0;
    int met = 0;
    for (int k = from; k < to; k++) {
      IntervalStats i = is.get(k);
      OutcomeCounts io = i.outcomes();
      o = o.plus(io);
      scheduled += i.scheduled();
      sent += i.sent();
      nanos += i.endNanos() - i.startNanos();
      // The interval percentiles come from the answers and timeouts completed in it; without any,
      // the engine's figures are an empty histogram's zeros, not measurements.
      if (io.responses() + io.get(Outcome.TIMEOUT) > 0) {
        measured = true;
        p50 = Math.max(p50, i.responseP50());
        p90 = Math.max(p90, i.responseP90());
        p99 = Math.max(p99, i.responseP99());
        max = Math.max(max, i.responseMax());
      }
      Boolean w = within != null && k < within.size() ? within.get(k) : null;
      if (w != null) {
        judged++;
        met += w ? 1 : 0;
      }
    }
    IntervalStats first = is.get(from);
    ObjectNode n = ResultJson.nodes().objectNode();
    putNumber(n, "t", first.startNanos() / 1e9);
    putNumber(n, "seconds", nanos / 1e9);
    n.put("scheduled", scheduled);
    n.put("sent", sent);
    n.put("responses", o.responses());
    n.put("errors", o.errors());
    putNumber(
        n,
        "achievedRate",
        to - from == 1 ? first.achievedRate() : nanos <= 0 ? 0 : o.responses() * 1e9 / nanos);
    putMillis(n, "p50", measured, p50);
    putMillis(n, "p90", measured, p90);
    putMillis(n, "p99", measured, p99);
    putMillis(n, "max", measured, max);
    ObjectNode outcomes = n.putObject("outcomes");
    for (Outcome out : Outcome.values()) {
      if (o.get(out) != 0) {
        outcomes.put(out.label(), o.get(out));
      }
    }
    if (within != null && from < within.size()) {
      // Only with a resilience block: whether the entry met the SLO (null: not judged); a minute
      // met it when every judged second did, and says how many did.
      if (judged == 0) {
        n.putNull("withinSlo");
      } else {
        n.put("withinSlo", met == judged);
      }
      if (resolution > 1) {
        n.put("secondsJudged", judged);
        n.put("secondsWithinSlo", met);
      }
    }
    return n;
  }

  private static ObjectNode generator(List<GeneratorSecond> ss, int from, int to) {
    long nanos = 0;
    boolean measured = false;
    boolean behind = false;
    boolean saturated = false;
    long arrivals = 0;
    long late = 0;
    long queued = 0;
    double busiest = 0;
    long latenessP99 = 0;
    long latenessMax = 0;
    long ticks = 0;
    long longTicks = 0;
    long waiting = 0;
    long inFlight = 0;
    double cpuNanos = 0;
    long gc = 0;
    int behindSeconds = 0;
    for (int k = from; k < to; k++) {
      GeneratorSecond s = ss.get(k);
      long len = s.endNanos() - s.startNanos();
      nanos += len;
      measured |= s.measured();
      behind |= s.behind();
      behindSeconds += s.behind() ? 1 : 0;
      saturated |= s.saturated();
      arrivals += s.arrivals();
      late += s.lateArrivals();
      queued += s.queued();
      busiest = Math.max(busiest, s.busiestWorker());
      latenessP99 = Math.max(latenessP99, s.timerLatenessP99());
      latenessMax = Math.max(latenessMax, s.timerLatenessMax());
      ticks += s.ticks();
      longTicks += s.longTicks();
      waiting = Math.max(waiting, s.waiting());
      inFlight = Math.max(inFlight, s.inFlight());
      cpuNanos += Double.isNaN(s.processCpu()) ? Double.NaN : s.processCpu() * len;
      gc += s.gcPauseNanos();
    }
    ObjectNode x = ResultJson.nodes().objectNode();
    putNumber(x, "t", ss.get(from).startNanos() / 1e9);
    putNumber(x, "seconds", nanos / 1e9);
    x.put("measured", measured);
    x.put("behind", behind);
    x.put("arrivals", arrivals);
    x.put("lateArrivals", late);
    x.put("queued", queued);
    x.put("saturated", saturated);
    putNumber(x, "busiestWorker", busiest * 100);
    putNumber(x, "timerLatenessP99", millis(latenessP99));
    putNumber(x, "timerLatenessMax", millis(latenessMax));
    x.put("ticks", ticks);
    x.put("longTicks", longTicks);
    x.put("waiting", waiting);
    x.put("inFlight", inFlight);
    double cpu =
        to - from == 1 ? ss.get(from).processCpu() : nanos <= 0 ? Double.NaN : cpuNanos / nanos;
    putNumber(x, "processCpu", cpu * 100);
    putNumber(x, "gcPauseMs", millis(gc));
    if (to - from > 1) {
      x.put("behindSeconds", behindSeconds);
    }
    return x;
  }
}
