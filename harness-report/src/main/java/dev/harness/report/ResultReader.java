package dev.harness.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.time.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Reads saved results back: {@code result.json} into a {@link RunReport}, with the measured
 * window's histograms from the {@code latency.hlog} beside it when there is one. Whatever is wrong
 * with the files (missing, not JSON, not a harness result, a newer schema, a log from another run)
 * is an {@link InvalidInputException} with one line that names the file.
 */
public final class ResultReader {
  /** The result file in a directory written by {@code --out}. */
  public static final String RESULT_FILE = "result.json";

  /** The latency log in a directory written by {@code --out}. */
  public static final String LATENCY_FILE = "latency.hlog";

  /** The verdict of a result checkpointed while its run lasted ({@link RunExtras#INCOMPLETE}). */
  public static final String INCOMPLETE = RunExtras.INCOMPLETE;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ResultReader() {}

  /**
   * Reads a run from {@code path}: a directory written by {@code --out}, or a {@code result.json}
   * (its {@code latency.hlog}, if any, is taken from the same directory).
   */
  public static RunReport read(Path path) {
    Path json = Files.isDirectory(path) ? path.resolve(RESULT_FILE) : path;
    if (Files.isDirectory(path) && !Files.exists(json)) {
      throw new InvalidInputException(
          path + " holds no " + RESULT_FILE + " (write one with 'harness run ... --out DIR')");
    }
    JsonNode root = readJson(json);
    Path dir = json.toAbsolutePath().getParent();
    Path hlog = dir == null ? null : dir.resolve(LATENCY_FILE);
    boolean incomplete = INCOMPLETE.equals(root.path("verdict").asText());
    LatencyLog.Contents latency = RunExtras.latency(root, hlog, json, incomplete);
    if (latency != null && !incomplete) {
      checkSameRun(root, latency, json, hlog);
    }
    try {
      return latency == null
          ? parse(root, null, Map.of())
          : parse(
              root, incomplete ? null : latency.summaries(), latency.byName(requestNames(root)));
    } catch (InvalidInputException e) {
      throw new InvalidInputException(json + ": " + e.getMessage());
    }
  }

  /** The JSON tree of a result file, checked to be a harness result this version can read. */
  public static JsonNode readJson(Path file) {
    JsonNode root;
    try {
      root = MAPPER.readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("no such file: " + file);
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw new InvalidInputException(file + " is not valid JSON" + where);
    } catch (IOException e) {
      throw new InvalidInputException("cannot read " + file + ": " + e.getMessage());
    }
    if (root == null || !root.isObject() || !ResultJson.TOOL.equals(root.path("tool").asText())) {
      throw new InvalidInputException(
          file + " is not a harness result (no \"tool\": \"" + ResultJson.TOOL + "\")");
    }
    JsonNode schema = root.get("schema");
    if (schema == null || !schema.isIntegralNumber()) {
      throw new InvalidInputException(file + " has no result schema number");
    }
    if (schema.asInt() != RunResult.SCHEMA) {
      throw new InvalidInputException(
          file
              + " has result schema "
              + schema.asInt()
              + "; this harness reads schema "
              + RunResult.SCHEMA
              + (schema.asInt() > RunResult.SCHEMA ? " (use a newer harness)" : ""));
    }
    return root;
  }

  /**
   * A report from a result tree; {@code histograms} are the whole-window histograms by their tag in
   * the latency log ({@link LatencyLog#summaries}), or null to take every figure from the tree;
   * {@code nameSeconds} each request name's per-second series, by name.
   */
  static RunReport parse(
      JsonNode root,
      Map<String, Histogram> histograms,
      Map<String, List<RunReport.NameSecond>> nameSeconds) {
    Map<String, Histogram> hs = histograms == null ? Map.of() : histograms;
    RunReport.Config config = config(Json.object(root, "config", ""));
    List<RunReport.Phase> phases = new ArrayList<>();
    JsonNode ps = Json.array(root, "phases", "");
    for (int i = 0; i < ps.size(); i++) {
      phases.add(phase(ps.get(i), "phases[" + i + "]", config, hs));
    }
    List<RunReport.Second> seconds = new ArrayList<>();
    JsonNode is = Json.array(root, "intervals", "");
    for (int i = 0; i < is.size(); i++) {
      seconds.add(second(is.get(i), "intervals[" + i + "]"));
    }
    List<RunReport.Check> criteria = new ArrayList<>();
    JsonNode cs = Json.array(root, "criteria", "");
    for (int i = 0; i < cs.size(); i++) {
      String at = "criteria[" + i + "]";
      JsonNode c = cs.get(i);
      criteria.add(
          new RunReport.Check(
              Json.text(c, "expression", at),
              Json.numberOrNull(c, "actual", at),
              Json.text(c, "actualText", at),
              Json.bool(c, "passed", at)));
    }
    List<RunReport.Named> byName = new ArrayList<>();
    if (root.has("byName")) {
      JsonNode ns = Json.array(root, "byName", "");
      for (int i = 0; i < ns.size(); i++) {
        byName.add(named(ns.get(i), "byName[" + i + "]", hs));
      }
    }
    return new RunReport(
        Json.text(root, "verdict", ""),
        Json.textOrNull(root, "reason", ""),
        instant(Json.textOrNull(root, "startedAt", "")),
        Json.text(root, "target", ""),
        RunInfo.read(Json.objectOrNull(root, "run", "")),
        config,
        window(
            root,
            "",
            null,
            hs.get(LatencyLog.MEASURED_RESPONSE),
            hs.get(LatencyLog.MEASURED_SERVICE)),
        phases,
        seconds,
        generator(Json.objectOrNull(root, "generator", "")),
        criteria,
        byName,
        resilience(Json.objectOrNull(root, "resilience", "")),
        probe(Json.objectOrNull(root, "probe", "")),
        nameSeconds,
        Connections.ofJson(root),
        FailedChecks.read(root),
        ErrorReasonList.read(root),
        Http2Block.read(Json.objectOrNull(root, "http2", "")),
        RunExtras.drift(Json.objectOrNull(root, "drift", "")),
        TargetBlock.read(Json.objectOrNull(root, "targetMetrics", "")),
        WebSocketBlock.ofJson(root));
  }

  private static RunReport.Resilience resilience(JsonNode n) {
    if (n == null) {
      return null;
    }
    String at = "resilience";
    List<String> slo = new ArrayList<>();
    JsonNode s = Json.array(n, "slo", at);
    for (int i = 0; i < s.size(); i++) {
      slo.add(s.get(i).asText());
    }
    List<RunReport.Fault> faults = new ArrayList<>();
    JsonNode fs = Json.array(n, "faults", at);
    for (int i = 0; i < fs.size(); i++) {
      JsonNode f = fs.get(i);
      String fat = at + ".faults[" + i + "]";
      faults.add(
          new RunReport.Fault(
              Json.text(f, "fault", fat),
              Json.text(f, "kind", fat),
              Json.number(f, "atSeconds", fat),
              Json.number(f, "endSeconds", fat),
              Json.count(f, "requests", fat),
              Json.count(f, "errors", fat),
              Json.millisAsNanos(Json.object(f, "response", fat), "p99", fat + ".response"),
              Json.bool(f, "recovered", fat),
              Json.numberOrNull(f, "recoverySeconds", fat)));
    }
    JsonNode a = Json.objectOrNull(n, "abort", at);
    RunReport.Abort abort =
        a == null
            ? null
            : new RunReport.Abort(
                Json.text(a, "criterion", at + ".abort"),
                Json.text(a, "actualText", at + ".abort"),
                Json.number(a, "atSeconds", at + ".abort"));
    return new RunReport.Resilience(
        slo,
        Json.text(n, "sloSource", at),
        Json.count(n, "secondsJudged", at),
        Json.count(n, "secondsWithinSlo", at),
        Json.numberOrNull(n, "availability", at),
        faults,
        abort,
        RunExtras.outages(n, at));
  }

  private static RunReport.Named named(JsonNode n, String at, Map<String, Histogram> hs) {
    JsonNode latency = Json.object(n, "latency", at);
    String lat = Json.path(at, "latency");
    String name = Json.text(n, "name", at);
    return new RunReport.Named(
        name,
        Json.number(n, "achievedRate", at),
        Json.count(n, "requests", at),
        Json.count(n, "errors", at),
        Json.counts(n, "outcomes", at),
        latency(hs.get(LatencyLog.nameTag(name, true)), latency, "response", lat),
        latency(hs.get(LatencyLog.nameTag(name, false)), latency, "service", lat),
        Json.byStatus(n, at));
  }

  private static List<String> requestNames(JsonNode root) {
    List<String> names = new ArrayList<>();
    root.path("byName").forEach(n -> names.add(n.path("name").asText()));
    return names;
  }

  /** Exact figures from the histogram when there is one, else the tree's milliseconds. */
  private static Latency latency(Histogram h, JsonNode latency, String key, String at) {
    return h != null
        ? Latency.of(h)
        : Latency.ofJson(Json.object(latency, key, at), Json.path(at, key));
  }

  private static RunReport.Config config(JsonNode c) {
    String at = "config";
    List<RunReport.PlannedPhase> phases = new ArrayList<>();
    JsonNode ps = Json.array(c, "phases", at);
    for (int i = 0; i < ps.size(); i++) {
      String p = at + ".phases[" + i + "]";
      JsonNode n = ps.get(i);
      phases.add(
          new RunReport.PlannedPhase(
              Json.text(n, "name", p),
              Json.number(n, "durationSeconds", p),
              Json.bool(n, "warmup", p),
              Json.numberOrNull(n, "rate", p)));
    }
    return new RunReport.Config(
        Json.text(c, "model", at),
        (int) Json.count(c, "workers", at),
        (int) Json.count(c, "connections", at),
        Json.number(c, "timeoutMs", at),
        Json.text(c, "method", at),
        phases);
  }

  private static RunReport.Phase phase(
      JsonNode n, String at, RunReport.Config config, Map<String, Histogram> hs) {
    String name = Json.text(n, "name", at);
    // Files written before phases carried their own length: take the planned one.
    RunReport.PlannedPhase planned =
        config.phases().stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    Double fallback = planned == null ? null : planned.seconds();
    return new RunReport.Phase(
        name, Json.bool(n, "warmup", at), window(n, at, fallback, null, null));
  }

  /** The figures of a window; the top level when {@code at} is empty. */
  private static RunReport.Window window(
      JsonNode n, String at, Double fallbackSeconds, Histogram response, Histogram service) {
    long requests = Json.count(n, "requests", at);
    double seconds =
        n.has("durationSeconds") || fallbackSeconds == null
            ? Json.number(n, "durationSeconds", at)
            : fallbackSeconds;
    JsonNode latency = Json.object(n, "latency", at);
    String lat = Json.path(at, "latency");
    return new RunReport.Window(
        seconds,
        requests,
        Json.count(n, "errors", at),
        n.has("errorRate") ? Json.number(n, "errorRate", at) : errorRate(n, requests, at),
        Json.number(n, "offeredRate", at),
        Json.number(n, "achievedRate", at),
        n.has("scheduled") || fallbackSeconds == null ? Json.count(n, "scheduled", at) : requests,
        n.has("sent") || fallbackSeconds == null ? Json.count(n, "sent", at) : requests,
        Json.counts(n, "outcomes", at),
        latency(response, latency, "response", lat),
        latency(service, latency, "service", lat),
        Json.byStatus(n, at));
  }

  private static double errorRate(JsonNode n, long requests, String at) {
    return requests == 0 ? 0 : Json.count(n, "errors", at) * 100.0 / requests;
  }

  private static RunReport.Second second(JsonNode n, String at) {
    return new RunReport.Second(
        Json.number(n, "t", at),
        Json.number(n, "seconds", at),
        Json.count(n, "scheduled", at),
        Json.count(n, "sent", at),
        Json.count(n, "responses", at),
        Json.count(n, "errors", at),
        Json.number(n, "achievedRate", at),
        Json.numberOrNull(n, "p50", at),
        Json.numberOrNull(n, "p90", at),
        Json.numberOrNull(n, "p99", at),
        Json.numberOrNull(n, "max", at),
        Json.counts(n, "outcomes", at));
  }

  private static RunReport.Generator generator(JsonNode g) {
    if (g == null) {
      return null;
    }
    String at = "generator";
    JsonNode lag = Json.object(g, "dispatchLag", at);
    String lat = "generator.dispatchLag";
    return new RunReport.Generator(
        (int) Json.count(g, "workers", at),
        Json.count(g, "arrivals", at),
        Json.count(g, "lateArrivals", at),
        Json.number(g, "lateRatio", at),
        Json.bool(g, "heldSchedule", at),
        Json.number(g, "lateThresholdMs", at),
        Json.millisAsNanos(lag, "p50", lat),
        Json.millisAsNanos(lag, "p99", lat),
        Json.millisAsNanos(lag, "max", lat),
        Json.textOrNull(g, "health", at),
        ruleCount(g, "measuredSeconds"),
        ruleCount(g, "behindSeconds"),
        ruleCount(g, "allowedBehindSeconds"),
        countOr(g, "queuedBehind", at),
        countOr(g, "queuedForConnection", at),
        g.has("timerLateness")
            ? Json.millisAsNanos(g.get("timerLateness"), "p99", "generator.timerLateness")
            : null,
        g.has("timerLateness")
            ? Json.millisAsNanos(g.get("timerLateness"), "max", "generator.timerLateness")
            : null,
        countOr(g, "ticks", at),
        countOr(g, "longTicks", at),
        g.has("longTickRatio") ? Json.number(g, "longTickRatio", at) : 0,
        g.has("processCpu") ? Json.numberOrNull(g, "processCpu", at) : null,
        (int) countOr(g, "cores", at),
        g.has("gcPauseMs") ? Json.number(g, "gcPauseMs", at) : 0,
        countOr(g, "gcPauses", at),
        generatorSeconds(g),
        restarts(g));
  }

  private static List<RunReport.Restart> restarts(JsonNode g) {
    List<RunReport.Restart> list = new ArrayList<>();
    if (!g.has("restarts")) {
      return list; // results written before restarts were recorded
    }
    JsonNode rs = Json.array(g, "restarts", "generator");
    for (int i = 0; i < rs.size(); i++) {
      JsonNode r = rs.get(i);
      String at = "generator.restarts[" + i + "]";
      list.add(
          new RunReport.Restart(
              (int) Json.count(r, "worker", at),
              Json.number(r, "atSeconds", at),
              Json.text(r, "error", at),
              Json.number(r, "backoffSeconds", at),
              Json.bool(r, "gaveUp", at)));
    }
    return list;
  }

  private static long countOr(JsonNode n, String key, String at) {
    return n.has(key) ? Json.count(n, key, at) : 0;
  }

  private static long ruleCount(JsonNode g, String key) {
    JsonNode rule = g.get("rule");
    return rule == null ? 0 : Json.count(rule, key, "generator.rule");
  }

  private static List<RunReport.GeneratorSecond> generatorSeconds(JsonNode g) {
    List<RunReport.GeneratorSecond> list = new ArrayList<>();
    if (!g.has("seconds")) {
      return list;
    }
    JsonNode ss = Json.array(g, "seconds", "generator");
    for (int i = 0; i < ss.size(); i++) {
      String at = "generator.seconds[" + i + "]";
      JsonNode s = ss.get(i);
      list.add(
          new RunReport.GeneratorSecond(
              Json.number(s, "t", at),
              Json.number(s, "seconds", at),
              Json.bool(s, "measured", at),
              Json.bool(s, "behind", at),
              Json.count(s, "arrivals", at),
              Json.count(s, "lateArrivals", at),
              Json.count(s, "queued", at),
              Json.bool(s, "saturated", at),
              Json.number(s, "busiestWorker", at),
              Json.number(s, "timerLatenessP99", at),
              Json.number(s, "timerLatenessMax", at),
              Json.count(s, "longTicks", at),
              Json.count(s, "waiting", at),
              Json.numberOrNull(s, "processCpu", at),
              Json.number(s, "gcPauseMs", at)));
    }
    return list;
  }

  private static RunReport.Probe probe(JsonNode p) {
    if (p == null) {
      return null;
    }
    String at = "probe";
    List<RunReport.Poll> timeline = new ArrayList<>();
    JsonNode ts = Json.array(p, "timeline", at);
    for (int i = 0; i < ts.size(); i++) {
      String t = "probe.timeline[" + i + "]";
      JsonNode x = ts.get(i);
      Double status = Json.numberOrNull(x, "status", t);
      timeline.add(
          new RunReport.Poll(
              Json.number(x, "t", t),
              Json.bool(x, "measured", t),
              status == null ? null : status.intValue(),
              Json.number(x, "latencyMs", t),
              Json.bool(x, "ok", t),
              Json.textOrNull(x, "error", t)));
    }
    return new RunReport.Probe(
        Json.text(p, "url", at),
        Json.number(p, "intervalSeconds", at),
        Json.count(p, "polls", at),
        Json.count(p, "ok", at),
        Json.numberOrNull(p, "availability", at),
        timeline);
  }

  private static Instant instant(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidInputException("field 'startedAt' is not an ISO-8601 instant: " + text);
    }
  }

  /** A log from another run would put wrong percentiles under this run's name. */
  private static void checkSameRun(
      JsonNode root, LatencyLog.Contents latency, Path json, Path hlog) {
    Instant started = instant(Json.textOrNull(root, "startedAt", ""));
    long jsonStart = started == null ? 0 : started.toEpochMilli();
    JsonNode counts = root.path("latency");
    if (latency.startMillis() != jsonStart
        || latency.response().getTotalCount() != counts.path("response").path("count").asLong()
        || latency.service().getTotalCount() != counts.path("service").path("count").asLong()) {
      throw new InvalidInputException(
          hlog
              + " does not belong to "
              + json
              + " (another start time or count); keep the files of one run together");
    }
  }
}
