package dev.harness.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harness.engine.result.Drift;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.time.InvalidInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of {@code result.json} that long runs added, written for {@link ResultJson} and read
 * back for {@link ResultReader}: the outages nobody injected, the drift figures, and the run id
 * check between the files of a set. Each is optional, so files written before them still read.
 * Stateless.
 */
final class RunExtras {
  /**
   * The verdict of a result checkpointed while its run lasted: the run has not finished, or its
   * process died before it could write the final result.
   */
  static final String INCOMPLETE = "incomplete";

  private RunExtras() {}

  /**
   * The latency log beside {@code json}, or null when there is none: read whole for a finished run,
   * only its per-second lines for an incomplete one (its figures are the JSON's then).
   */
  static LatencyLog.Contents latency(JsonNode root, Path hlog, Path json, boolean incomplete) {
    if (hlog == null || !java.nio.file.Files.exists(hlog)) {
      return null;
    }
    checkSameRunId(root, hlog, json);
    return incomplete ? LatencyLog.readPartial(hlog) : LatencyLog.read(hlog);
  }

  /** Outages nobody injected; none in files written before they were found. */
  static List<RunReport.Outage> outages(JsonNode n, String at) {
    List<RunReport.Outage> list = new ArrayList<>();
    if (!n.has("outages")) {
      return list;
    }
    JsonNode os = Json.array(n, "outages", at);
    for (int i = 0; i < os.size(); i++) {
      String oat = at + ".outages[" + i + "]";
      JsonNode o = os.get(i);
      list.add(
          new RunReport.Outage(
              Json.number(o, "startSeconds", oat),
              Json.number(o, "endSeconds", oat),
              Json.numberOrNull(o, "recoverySeconds", oat),
              o.hasNonNull("source") ? o.get("source").asText() : "slo"));
    }
    return list;
  }

  static RunReport.Drift drift(JsonNode d) {
    if (d == null) {
      return null;
    }
    JsonNode p = Json.object(d, "p99", "drift");
    JsonNode r = Json.object(d, "rate", "drift");
    return new RunReport.Drift(
        Json.count(d, "seconds", "drift"),
        Json.number(p, "firstTenthMs", "drift.p99"),
        Json.number(p, "lastTenthMs", "drift.p99"),
        Json.numberOrNull(p, "changePercent", "drift.p99"),
        Json.number(p, "slopeMsPerHour", "drift.p99"),
        Json.number(r, "firstTenth", "drift.rate"),
        Json.number(r, "lastTenth", "drift.rate"),
        Json.numberOrNull(r, "changePercent", "drift.rate"),
        Json.number(r, "slopePerHour", "drift.rate"));
  }

  /** Two files of a set that name different runs were mixed by hand or by a crash. */
  static void checkSameRunId(JsonNode root, Path hlog, Path json) {
    String jsonId = root.path("run").path("id").asText(null);
    String logId = LatencyLog.runId(hlog);
    if (jsonId != null && logId != null && !jsonId.equals(logId)) {
      throw new InvalidInputException(
          hlog
              + " belongs to run "
              + logId
              + ", "
              + json
              + " to run "
              + jsonId
              + "; keep the files of one run together");
    }
  }

  /** How p99 and rate moved over the measured part; null below {@link Drift#MIN_SECONDS}. */
  static ObjectNode driftJson(RunResult r) {
    long from = r.spec().warmupNanos();
    Drift d = Drift.of(r.intervals(), from, from + r.measured().durationNanos());
    if (d == null) {
      return null;
    }
    ObjectNode n = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    n.put("seconds", d.seconds());
    ObjectNode p99 = n.putObject("p99");
    ResultJson.putNumber(p99, "firstTenthMs", d.p99FirstNanos() / 1e6);
    ResultJson.putNumber(p99, "lastTenthMs", d.p99LastNanos() / 1e6);
    ResultJson.putNumber(p99, "changePercent", d.p99ChangePercent());
    ResultJson.putNumber(p99, "slopeMsPerHour", d.p99SlopeNanosPerHour() / 1e6);
    ObjectNode rate = n.putObject("rate");
    ResultJson.putNumber(rate, "firstTenth", d.rateFirst());
    ResultJson.putNumber(rate, "lastTenth", d.rateLast());
    ResultJson.putNumber(rate, "changePercent", d.rateChangePercent());
    ResultJson.putNumber(rate, "slopePerHour", d.rateSlopePerHour());
    return n;
  }
}
