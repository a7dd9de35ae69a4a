package dev.harness.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harness.engine.result.CriterionResult;
import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.OutcomeCounts;
import dev.harness.engine.result.PhaseResult;
import dev.harness.engine.result.RequestResult;
import dev.harness.engine.result.Stats;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * The shards of one test added up into the test's result: histograms added exactly (never
 * percentiles averaged), counts and outcomes summed, rates over the common window, the per-second
 * series merged second by second (shards count from the same start), the generators side by side
 * ({@link ShardGenerator}). The caller judges {@link #measured()} and friends against {@link
 * #criteria()} and asks for the files with the verdict.
 */
public final class ShardMerge {
  private static final double MAX_IN_MILLIS = 1e6;

  private final ShardSet set;
  private final List<ShardSet.Shard> shards;
  private final JsonNode first;
  private final Map<String, Histogram> summaries = new LinkedHashMap<>();
  private final Map<String, double[]> ranges = new HashMap<>();
  private final Map<Long, Histogram> perSecond = new TreeMap<>();
  private final Map<String, Map<Long, Histogram>> perName = new LinkedHashMap<>();
  private Stats measured;
  private final List<PhaseResult> phases = new ArrayList<>();
  private final List<RequestResult> requests = new ArrayList<>();
  private final List<IntervalStats> intervals = new ArrayList<>();

  private ShardMerge(ShardSet set) {
    this.set = set;
    this.shards = set.usable();
    this.first = shards.get(0).root();
  }

  /** Adds up the usable shards of {@code set} (at least one). */
  public static ShardMerge of(ShardSet set) {
    if (set.usable().isEmpty()) {
      throw new IllegalArgumentException("no shard to merge");
    }
    ShardMerge m = new ShardMerge(set);
    m.add();
    return m;
  }

  private void add() {
    Map<Long, Second> seconds = new TreeMap<>();
    for (ShardSet.Shard s : shards) {
      ShardLog log = ShardLog.read(s.dir().resolve(ResultReader.LATENCY_FILE));
      log.summaries().forEach((tag, h) -> summaries.merge(tag, h, ShardLog::plus));
      log.ranges().forEach(ranges::putIfAbsent);
      log.perSecond().forEach((k, h) -> perSecond.merge(k, h, ShardLog::plus));
      log.perName()
          .forEach(
              (tag, series) -> {
                Map<Long, Histogram> into = perName.computeIfAbsent(tag, t -> new TreeMap<>());
                series.forEach((k, h) -> into.merge(k, h, ShardLog::plus));
              });
      for (JsonNode x : s.root().path("intervals")) {
        long key = Math.round(x.path("t").asDouble());
        Stats st = stats(x, null, null, Math.round(x.path("seconds").asDouble() * 1e9));
        seconds.merge(key, new Second(x.path("t").asDouble(), st), Second::plus);
      }
    }
    JsonNode root = first;
    measured = measuredWindow();
    for (JsonNode p : root.path("phases")) {
      String name = p.path("name").asText();
      Stats st =
          windowOf(
              "phases", name, LatencyLog.phaseTag(name, true), LatencyLog.phaseTag(name, false));
      // The whole test's rate: the shards' scheduled arrivals together.
      phases.add(new PhaseResult(name, p.path("warmup").asBoolean(), st.offeredRate(), st));
    }
    for (JsonNode q : root.path("byName")) {
      String name = q.path("name").asText();
      requests.add(
          new RequestResult(
              name,
              windowOf(
                  "byName",
                  name,
                  LatencyLog.nameTag(name, true),
                  LatencyLog.nameTag(name, false))));
    }
    seconds.forEach(
        (key, second) -> {
          Stats st = second.stats();
          long start = Math.round(second.t() * 1e9);
          Histogram h = perSecond.get(key);
          boolean any = h != null && h.getTotalCount() > 0;
          intervals.add(
              new IntervalStats(
                  start,
                  start + st.durationNanos(),
                  st.scheduled(),
                  st.sent(),
                  st.outcomes(),
                  any ? h.getValueAtPercentile(50) : 0,
                  any ? h.getValueAtPercentile(90) : 0,
                  any ? h.getValueAtPercentile(99) : 0,
                  any ? h.getMaxValue() : 0));
        });
  }

  /** One second of the series: where it starts (seconds from the common start), its counts. */
  private record Second(double t, Stats stats) {
    Second plus(Second other) {
      return new Second(Math.min(t, other.t), sameWindow(stats, other.stats));
    }
  }

  /** The measured window of every shard together. */
  private Stats measuredWindow() {
    Stats sum = null;
    for (ShardSet.Shard s : shards) {
      Stats st = stats(s.root(), null, null, nanos(s.root().path("durationSeconds")));
      sum = sum == null ? st : sameWindow(sum, st);
    }
    return withHistograms(sum, LatencyLog.MEASURED_RESPONSE, LatencyLog.MEASURED_SERVICE);
  }

  /** The entry named {@code name} of array {@code array} of every shard together. */
  private Stats windowOf(String array, String name, String responseTag, String serviceTag) {
    Stats sum = null;
    for (ShardSet.Shard s : shards) {
      for (JsonNode n : s.root().path(array)) {
        if (n.path("name").asText().equals(name)) {
          long nanos =
              n.has("durationSeconds")
                  ? nanos(n.path("durationSeconds"))
                  : nanos(s.root().path("durationSeconds"));
          Stats st = stats(n, null, null, nanos);
          sum = sum == null ? st : sameWindow(sum, st);
        }
      }
    }
    return withHistograms(sum, responseTag, serviceTag);
  }

  private Stats withHistograms(Stats s, String responseTag, String serviceTag) {
    return new Stats(
        s.durationNanos(),
        s.scheduled(),
        s.sent(),
        s.outcomes(),
        summaries.getOrDefault(responseTag, new Histogram(3)),
        summaries.getOrDefault(serviceTag, new Histogram(3)));
  }

  private static long nanos(JsonNode seconds) {
    return Math.round(seconds.asDouble() * 1e9);
  }

  /** Counts of one window of one shard, as result.json holds them. */
  static Stats stats(JsonNode n, Histogram response, Histogram service, long durationNanos) {
    return new Stats(
        durationNanos,
        n.path("scheduled").asLong(),
        n.path("sent").asLong(),
        outcomes(n.path("outcomes"), n.path("errors").asLong()),
        response == null ? new Histogram(3) : response,
        service == null ? new Histogram(3) : service);
  }

  /**
   * Outcome counts as result.json writes them: every label (or only the non-zero ones), the exact
   * statuses, and the errors, of which those not an outcome of their own are unexpected statuses.
   */
  static OutcomeCounts outcomes(JsonNode o, long errors) {
    long[] c = new long[Outcome.count()];
    long notAnswers = 0;
    for (Outcome x : Outcome.values()) {
      c[x.ordinal()] = o.path(x.label()).asLong();
      if (x.isError() && !x.isResponse()) {
        notAnswers += c[x.ordinal()];
      }
    }
    Map<Integer, Long> byStatus = new TreeMap<>();
    o.path(Json.BY_STATUS)
        .fields()
        .forEachRemaining(e -> byStatus.put(Integer.parseInt(e.getKey()), e.getValue().asLong()));
    return OutcomeCounts.of(c, Math.max(0, errors - notAnswers), byStatus);
  }

  /** Two shards' figures of the same window: counts add, the window stays as long. */
  private static Stats sameWindow(Stats a, Stats b) {
    return new Stats(
        Math.max(a.durationNanos(), b.durationNanos()),
        a.scheduled() + b.scheduled(),
        a.sent() + b.sent(),
        a.outcomes().plus(b.outcomes()),
        ShardLog.plus(a.response(), b.response()),
        ShardLog.plus(a.service(), b.service()));
  }

  /** The merged measured window: what the criteria judge. */
  public Stats measured() {
    return measured;
  }

  public List<PhaseResult> phases() {
    return phases;
  }

  /** Each request name over the measured window. */
  public List<RequestResult> requests() {
    return requests;
  }

  /** The merged per-second series. */
  public List<IntervalStats> intervals() {
    return intervals;
  }

  /** The merged response times of each second, by second from the common start. */
  public Map<Long, Histogram> perSecond() {
    return perSecond;
  }

  /** The merged whole-window histograms by their tag in latency.hlog. */
  public Map<String, Histogram> summaries() {
    return summaries;
  }

  /** Whether the test was open model (a schedule the generators had to hold). */
  public boolean openModel() {
    return "open".equals(first.path("config").path("model").asText());
  }

  /** Length of the warm-up phases, where the measured part starts. */
  public long warmupNanos() {
    long n = 0;
    for (PhaseResult p : phases) {
      if (p.warmup()) {
        n += p.stats().durationNanos();
      }
    }
    return n;
  }

  /** The whole test's criteria, as its shards carried them. */
  public List<String> criteria() {
    List<String> c = new ArrayList<>();
    ShardJson.of(first).path("criteria").forEach(x -> c.add(x.asText()));
    return c;
  }

  /** The common start. */
  public Instant startAt() {
    String at = ShardJson.of(first).path("startAt").asText(null);
    return at == null ? Instant.parse(first.path("startedAt").asText()) : Instant.parse(at);
  }

  /**
   * The merged result's files.
   *
   * @param verdict {@code pass}, {@code fail}, {@code invalid} or {@code partial}
   * @param reason why it did not pass, or null
   * @param criteria the criteria as judged on the merged result
   */
  public ReportSet files(
      String verdict, String reason, List<CriterionResult> criteria, RunInfo info) {
    return ReportSet.of(json(verdict, reason, criteria, info), hlog(info.id()));
  }

  ObjectNode json(String verdict, String reason, List<CriterionResult> criteria, RunInfo info) {
    ObjectNode root = first.deepCopy();
    root.put("verdict", verdict);
    root.put("reason", reason);
    root.put("startedAt", startAt().toString());
    root.set("run", ResultJson.run(info));
    ObjectNode config = (ObjectNode) root.get("config");
    config.put("workers", sum("config", "workers"));
    config.put("connections", sum("config", "connections"));
    Stats m = measured;
    ResultJson.putNumber(root, "durationSeconds", m.durationNanos() / 1e9);
    root.put("requests", m.requests());
    root.put("errors", m.errors());
    ResultJson.putNumber(root, "errorRate", m.errorRatio() * 100);
    ResultJson.putNumber(root, "offeredRate", m.offeredRate());
    ResultJson.putNumber(root, "achievedRate", m.achievedRate());
    root.put("scheduled", m.scheduled());
    root.put("sent", m.sent());
    root.set("outcomes", ResultJson.allOutcomes(m.outcomes()));
    root.set("protocolErrors", reasons("protocolErrors"));
    root.set("requestErrors", reasons("requestErrors"));
    root.set("latency", ResultJson.latency(m));
    ArrayNode ps = root.putArray("phases");
    phases.forEach(p -> ps.add(ResultJson.phase(p)));
    ArrayNode qs = root.putArray("byName");
    requests.forEach(q -> qs.add(ResultJson.request(q)));
    ArrayNode is = root.putArray("intervals");
    intervals.forEach(i -> is.add(ResultJson.interval(i)));
    ObjectNode g = ShardGenerator.merge(shards);
    if (g != null && openModel() && m.response().getTotalCount() > 0) {
      ResultJson.putMillis(
          g,
          "addedDelayMs",
          m.service().getTotalCount() > 0,
          m.response().getValueAtPercentile(50) - m.service().getValueAtPercentile(50));
    }
    root.set("generator", g);
    root.putNull("probe");
    ArrayNode cs = root.putArray("criteria");
    for (CriterionResult c : criteria) {
      ObjectNode n = cs.addObject();
      n.put("expression", c.expression());
      ResultJson.putNumber(n, "actual", c.actual());
      n.put("actualText", c.actualText());
      n.put("passed", c.passed());
    }
    root.putNull("resilience");
    root.putNull("connections");
    root.putNull("drift");
    root.remove(ShardJson.FIELD);
    root.set("merge", mergeBlock());
    return root;
  }

  private long sum(String object, String field) {
    return shards.stream().mapToLong(s -> s.root().path(object).path(field).asLong()).sum();
  }

  /** Reasons of the shards' lists added up, most frequent first. */
  private ArrayNode reasons(String field) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (ShardSet.Shard s : shards) {
      for (JsonNode r : s.root().path(field)) {
        counts.merge(r.path("reason").asText(), r.path("count").asLong(), Long::sum);
      }
    }
    ArrayNode out = ((ObjectNode) first).arrayNode();
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> out.addObject().put("reason", e.getKey()).put("count", e.getValue()));
    return out;
  }

  /** {@code merge}: which shards the result holds, which it lacks and why, their start lags. */
  private ObjectNode mergeBlock() {
    ObjectNode n = ((ObjectNode) first).objectNode();
    JsonNode s0 = ShardJson.of(first);
    n.put("count", set.count());
    ArrayNode present = n.putArray("shards");
    set.present().forEach(present::add);
    ArrayNode absent = n.putArray("absent");
    set.absent().forEach(absent::add);
    n.put("startAt", s0.path("startAt").asText(null));
    n.put("scenarioHash", s0.path("scenarioHash").asText());
    ObjectNode lags = n.putObject("startLagMs");
    for (ShardSet.Shard s : shards) {
      lags.set(Integer.toString(s.index()), ShardJson.of(s.root()).path("startLagMs"));
    }
    ArrayNode problems = n.putArray("problems");
    set.problems().forEach(p -> problems.add(p.text()));
    return n;
  }

  /** The merged latency.hlog: header at the common start, merged seconds, merged windows. */
  byte[] hlog(String runId) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream ps = new PrintStream(out, false, StandardCharsets.UTF_8);
    LatencyLog.header(ps, startAt().toEpochMilli(), runId);
    HistogramLogWriter w = new HistogramLogWriter(ps);
    for (Map.Entry<Long, Histogram> e : perSecond.entrySet()) {
      double[] r = ranges.getOrDefault("" + e.getKey(), new double[] {e.getKey(), e.getKey() + 1});
      w.outputIntervalHistogram(r[0], r[1], e.getValue(), MAX_IN_MILLIS);
      for (Map.Entry<String, Map<Long, Histogram>> name : perName.entrySet()) {
        Histogram h = name.getValue().get(e.getKey());
        if (h != null) {
          h.setTag(name.getKey());
          w.outputIntervalHistogram(r[0], r[1], h, MAX_IN_MILLIS);
        }
      }
    }
    for (Map.Entry<String, Histogram> e : summaries.entrySet()) {
      double[] r = ranges.get(e.getKey());
      e.getValue().setTag(e.getKey());
      w.outputIntervalHistogram(r[0], r[1], e.getValue(), MAX_IN_MILLIS);
    }
    ps.flush();
    return out.toByteArray();
  }
}
