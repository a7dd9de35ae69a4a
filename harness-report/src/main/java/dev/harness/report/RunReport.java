package dev.harness.report;

import dev.harness.engine.model.Fault;
import dev.harness.engine.result.CheckFailures;
import dev.harness.engine.result.RunResult;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What every report renders: a run as {@code result.json} and {@code latency.hlog} describe it.
 * Built the same way at the end of a run and when {@code harness report} reads the files back, so
 * both give identical numbers: the figures come from the JSON tree, the measured window's latency
 * from its histograms. Units follow {@code docs/result-format.md}: rates per second, ratios in
 * percent, durations of windows in seconds, latency in nanoseconds (see {@link Latency}).
 *
 * @param verdict {@code pass}, {@code fail}, {@code invalid} or {@code interrupted}
 * @param reason why the run did not pass, or null
 * @param startedAt the run's time zero, or null if unknown
 * @param target target URL
 * @param run harness version, command and machine; null when the writer did not know them
 * @param config what was asked for
 * @param measured the measured (non-warm-up) phases together: what criteria judge
 * @param phases each phase, warm-up included
 * @param seconds the per-second time series
 * @param generator the generator's health, or null
 * @param criteria each criterion with its actual value
 * @param byName each request name over the measured phases, in declaration order
 * @param resilience SLO, availability and each fault's impact and recovery; null for a run without
 *     them
 * @param probe the health probe's timeline, or null when the run had no probe
 * @param nameSeconds each request name's per-second response times, by name in declaration order;
 *     empty when no latency log with per-second lines was at hand
 * @param connections connections opened, their connect and TLS figures; null in results saved
 *     before they were measured
 * @param checkFailures why checks failed, by reason, most frequent first; empty when none did
 * @param errorReasons why requests ended in protocol or request errors, most frequent first
 * @param drift how p99 and rate moved over the measured part; null when not measured
 * @param targetMetrics the target's own metrics scraped during the run; null when none were
 * @param websocket sockets and messages of a WebSocket run; null for an HTTP run
 */
public record RunReport(
    String verdict,
    String reason,
    Instant startedAt,
    String target,
    RunInfo run,
    Config config,
    Window measured,
    List<Phase> phases,
    List<Second> seconds,
    Generator generator,
    List<Check> criteria,
    List<Named> byName,
    Resilience resilience,
    Probe probe,
    Map<String, List<NameSecond>> nameSeconds,
    Connections connections,
    List<CheckFailures.Reason> checkFailures,
    List<ErrorReason> errorReasons,
    Http2 http2,
    Drift drift,
    TargetTimeline targetMetrics,
    WebSocketBlock websocket) {

  /**
   * How p99 and the achieved rate moved over the measured part: first against last tenth of its
   * seconds, and least-squares slopes per hour.
   */
  public record Drift(
      long seconds,
      double p99FirstMs,
      double p99LastMs,
      Double p99ChangePercent,
      double p99SlopeMsPerHour,
      double rateFirst,
      double rateLast,
      Double rateChangePercent,
      double rateSlopePerHour) {}

  public RunReport {
    checkFailures = checkFailures == null ? List.of() : List.copyOf(checkFailures);
    errorReasons = errorReasons == null ? List.of() : List.copyOf(errorReasons);
    byName = List.copyOf(byName);
    nameSeconds = Collections.unmodifiableMap(new LinkedHashMap<>(nameSeconds));
    phases = List.copyOf(phases);
    seconds = List.copyOf(seconds);
    criteria = List.copyOf(criteria);
  }

  /** The report of a run that just ended, as {@code harness report} will read it back. */
  public static RunReport of(RunResult result, RunInfo info) {
    return ResultReader.parse(
        ResultJson.toJson(result, info), LatencyLog.summaries(result), Map.of());
  }

  /** Whether the run was open model (an offered rate exists). */
  public boolean open() {
    return "open".equals(config.model());
  }

  /** Total warm-up seconds. */
  public double warmupSeconds() {
    return phases.stream().filter(Phase::warmup).mapToDouble(p -> p.stats().seconds()).sum();
  }

  /**
   * What was asked for.
   *
   * @param model {@code open} or {@code closed}
   * @param timeoutMs per-request timeout
   * @param phases planned phases in run order
   */
  public record Config(
      String model,
      int workers,
      int connections,
      double timeoutMs,
      String method,
      List<PlannedPhase> phases) {
    public Config {
      phases = List.copyOf(phases);
    }
  }

  /**
   * What an HTTP/2 run saw of the protocol ({@code http2} in result.json); null for HTTP/1.1.
   *
   * @param protocol {@code h2c} or {@code h2}
   * @param peerMaxConcurrentStreams the server's SETTINGS_MAX_CONCURRENT_STREAMS, -1 for none
   * @param headerTableSize SETTINGS_HEADER_TABLE_SIZE the client sent, -1 for none
   */
  public record Http2(
      String protocol,
      int maxStreams,
      long peerMaxConcurrentStreams,
      int maxStreamsInFlight,
      long connectionsOpened,
      long goAways,
      long streamResets,
      long refusedStreams,
      long headerTableSize) {

    /** One line: {@code h2c, max 10 streams per connection (server: 128), at most 10 in flight}. */
    public String describe() {
      return protocol
          + ", max "
          + maxStreams
          + " streams per connection (server: "
          + (peerMaxConcurrentStreams < 0 ? "no limit" : peerMaxConcurrentStreams)
          + "), at most "
          + maxStreamsInFlight
          + " in flight on one; "
          + connectionsOpened
          + " connections opened, GOAWAY "
          + goAways
          + ", streams reset "
          + streamResets
          + ", refused "
          + refusedStreams
          + (headerTableSize < 0 ? "" : "; header table size " + headerTableSize + " asked");
    }
  }

  /** A phase as planned; {@code rate} is null in the closed model. */
  public record PlannedPhase(String name, double seconds, boolean warmup, Double rate) {}

  /**
   * Figures of one window: a phase, or the measured phases together.
   *
   * @param seconds scheduled length
   * @param errorRate errors in percent of requests
   * @param outcomes label to count, in the engine's order
   * @param byStatus answers by exact status ("429" to count), ascending; empty in files written
   *     before they were counted
   */
  public record Window(
      double seconds,
      long requests,
      long errors,
      double errorRate,
      double offeredRate,
      double achievedRate,
      long scheduled,
      long sent,
      Map<String, Long> outcomes,
      Latency response,
      Latency service,
      Map<String, Long> byStatus) {
    public Window {
      outcomes = Collections.unmodifiableMap(new LinkedHashMap<>(outcomes));
      byStatus = Collections.unmodifiableMap(new LinkedHashMap<>(byStatus));
    }
  }

  /** One phase as measured. */
  public record Phase(String name, boolean warmup, Window stats) {}

  /**
   * One second of the time series; latency in milliseconds, null when nothing completed in it.
   *
   * @param t start, seconds from the run start
   * @param seconds length (the last may be shorter)
   * @param outcomes non-zero outcome counts
   */
  public record Second(
      double t,
      double seconds,
      long scheduled,
      long sent,
      long responses,
      long errors,
      double achievedRate,
      Double p50,
      Double p90,
      Double p99,
      Double max,
      Map<String, Long> outcomes) {

    /** Arrivals due per second of this interval. */
    public double offeredRate() {
      return seconds <= 0 ? 0 : scheduled / seconds;
    }

    /** Errors per second of this interval, of one outcome label. */
    public double ratePerSecond(String outcome) {
      return seconds <= 0 ? 0 : outcomes.getOrDefault(outcome, 0L) / seconds;
    }
  }

  /**
   * How well the generator kept up; dispatch lag and timer lateness in nanoseconds, null when not
   * recorded. Results written before the loops were watched have only the dispatch-lag figures: the
   * others are then null, 0 or empty.
   *
   * @param lateRatio late arrivals in percent
   * @param health {@code green}, {@code yellow} or {@code red}; null in older results
   * @param longTickRatio long ticks in percent of heartbeats
   * @param processCpu percent of the machine's CPUs the process used, null when unknown
   * @param seconds the per-second health
   */
  public record Generator(
      int workers,
      long arrivals,
      long lateArrivals,
      double lateRatio,
      boolean heldSchedule,
      double lateThresholdMs,
      Long lagP50,
      Long lagP99,
      Long lagMax,
      String health,
      long measuredSeconds,
      long behindSeconds,
      long allowedBehindSeconds,
      long queuedBehind,
      long queuedForConnection,
      Long timerP99,
      Long timerMax,
      long ticks,
      long longTicks,
      double longTickRatio,
      Double processCpu,
      int cores,
      double gcPauseMs,
      long gcPauses,
      List<GeneratorSecond> seconds,
      List<Restart> restarts) {
    public Generator {
      seconds = List.copyOf(seconds);
    }
  }

  /**
   * One second of the generator's health; lateness in milliseconds, shares in percent.
   *
   * @param measured whether it counts for the verdict
   * @param behind whether the generator was behind its schedule in it
   */
  public record GeneratorSecond(
      double t,
      double seconds,
      boolean measured,
      boolean behind,
      long arrivals,
      long lateArrivals,
      long queued,
      boolean saturated,
      double busiestWorker,
      double timerLatenessP99,
      double timerLatenessMax,
      long longTicks,
      long waiting,
      Double processCpu,
      double gcPauseMs) {}

  /**
   * The health probe over the run.
   *
   * @param polls polls in the measured window
   * @param ok of those, the ones that succeeded
   * @param availability {@code ok / polls} in percent, null without measured polls
   * @param timeline every poll, warm-up included
   */
  public record Probe(
      String url,
      double intervalSeconds,
      long polls,
      long ok,
      Double availability,
      List<Poll> timeline) {
    public Probe {
      timeline = List.copyOf(timeline);
    }
  }

  /**
   * One poll of the probe.
   *
   * @param t seconds from the run start
   * @param status the answer's status, null when none came
   * @param error why it failed, null when ok
   */
  public record Poll(
      double t, boolean measured, Integer status, double latencyMs, boolean ok, String error) {}

  /** One request name (a request of a mix, a step of a flow) over the measured phases. */
  public record Named(
      String name,
      double achievedRate,
      long requests,
      long errors,
      Map<String, Long> outcomes,
      Latency response,
      Latency service,
      Map<String, Long> byStatus) {
    public Named {
      byStatus = Collections.unmodifiableMap(new LinkedHashMap<>(byStatus));
    }
  }

  /**
   * The resilience figures of a run with faults, an SLO or an abort condition.
   *
   * @param slo the per-second SLO's criteria
   * @param sloSource {@code slo} (given), {@code criteria} (taken from them) or {@code default}
   * @param availability percent of judged seconds within the SLO, null when none was judged
   * @param abort what stopped the run early, or null
   */
  public record Resilience(
      List<String> slo,
      String sloSource,
      long secondsJudged,
      long secondsWithinSlo,
      Double availability,
      List<Fault> faults,
      Abort abort,
      List<Outage> outages) {
    /** Resilience figures without outages (a drill, or a file written before outages). */
    public Resilience(
        List<String> slo,
        String sloSource,
        long secondsJudged,
        long secondsWithinSlo,
        Double availability,
        List<Fault> faults,
        Abort abort) {
      this(slo, sloSource, secondsJudged, secondsWithinSlo, availability, faults, abort, List.of());
    }

    public Resilience {
      slo = List.copyOf(slo);
      faults = List.copyOf(faults);
      outages = outages == null ? List.of() : List.copyOf(outages);
    }
  }

  /**
   * An outage nobody injected: seconds that missed the SLO (or failed probe polls), from the run
   * start.
   *
   * @param recoverySeconds from its end until the SLO (the probe) held for the recovery hold; null
   *     when not recovered
   * @param source {@code slo} (seconds that missed the SLO) or {@code probe} (failed polls)
   */
  public record Outage(
      double startSeconds, double endSeconds, Double recoverySeconds, String source) {
    /** An outage found in the seconds that missed the SLO. */
    public Outage(double startSeconds, double endSeconds, Double recoverySeconds) {
      this(startSeconds, endSeconds, recoverySeconds, "slo");
    }
  }

  /**
   * One fault window as measured; times in seconds from the run start.
   *
   * @param p99 response-time p99 in the seconds overlapping the window, ns; null when none
   * @param recoverySeconds from the fault's end to the first second within the SLO; null when not
   *     recovered
   */
  public record Fault(
      String fault,
      String kind,
      double atSeconds,
      double endSeconds,
      long requests,
      long errors,
      Long p99,
      boolean recovered,
      Double recoverySeconds) {}

  /** The abort condition that held, and when (seconds from the run start). */
  public record Abort(String criterion, String actualText, double atSeconds) {}

  /** A worker whose loop threw: when (seconds from the start), why, the pause before it went on. */
  public record Restart(
      int worker, double atSeconds, String error, double backoffSeconds, boolean gaveUp) {}

  /**
   * One second of one request name's response times, from the latency log's {@code Tag=NAME} lines;
   * latency in milliseconds, null when nothing of the name completed in it.
   *
   * @param t start, seconds from the run start
   * @param seconds length
   */
  public record NameSecond(
      double t, double seconds, long count, Double p50, Double p99, Double max) {
    static NameSecond of(double t, double seconds, Histogram h) {
      long n = h.getTotalCount();
      return new NameSecond(
          t,
          seconds,
          n,
          n == 0 ? null : h.getValueAtPercentile(50) / 1e6,
          n == 0 ? null : h.getValueAtPercentile(99) / 1e6,
          n == 0 ? null : h.getMaxValue() / 1e6);
    }
  }

  /** A criterion as judged. */
  public record Check(String expression, Double actual, String actualText, boolean passed) {}

  /**
   * Why some requests ended in an error: {@code protocolErrors} and {@code requestErrors} of the
   * result.
   *
   * @param outcome {@code protocol_error} or {@code request_error}
   */
  public record ErrorReason(String outcome, String reason, long count) {}

  /** The measured window's histograms, for readers that need the whole distribution. */
  public Histogram responseHistogram() {
    return measured.response().histogram();
  }
}
