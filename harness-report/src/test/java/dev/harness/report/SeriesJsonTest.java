package dev.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harness.engine.result.GeneratorHealth;
import dev.harness.engine.result.GeneratorSecond;
import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.result.ProbeResult;
import dev.harness.engine.result.RunResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * result.json keeps one series entry a second up to an hour, one a minute beyond: a day's file
 * stays small, a slow second still shows in its minute, and every report reads it back.
 */
class SeriesJsonTest {
  private static final long S = Results.S;
  private static final long MS = Results.MS;

  /** {@code seconds} seconds of 1000 answers at p99 2 ms; second {@code spike} at p99 900 ms. */
  private static RunResult run(int seconds, int spike) {
    RunResult base = Results.result();
    List<IntervalStats> intervals = new ArrayList<>();
    List<GeneratorSecond> gen = new ArrayList<>();
    for (int t = 0; t < seconds; t++) {
      long p99 = t == spike ? 900 * MS : 2 * MS;
      intervals.add(
          new IntervalStats(
              t * S,
              (t + 1) * S,
              1000,
              1000,
              Results.outcomes(995, 5, 0, 0),
              MS,
              MS,
              p99,
              p99 + MS));
      gen.add(
          new GeneratorSecond(
              t * S,
              (t + 1) * S,
              true,
              1000,
              t == spike ? 10 : 0,
              0,
              false,
              0.2,
              90_000,
              2 * MS,
              100,
              0,
              0,
              3,
              0.1,
              0));
    }
    GeneratorHealth g = base.generator();
    GeneratorHealth withSeconds =
        new GeneratorHealth(
            g.workers(),
            g.dispatchLag(),
            g.lateArrivals(),
            g.arrivals(),
            g.timerLateness(),
            g.ticks(),
            g.longTicks(),
            g.queuedBehind(),
            g.queuedForConnection(),
            g.processCpu(),
            g.cores(),
            g.gcPauseNanos(),
            g.gcPauses(),
            gen,
            g.restarts());
    return base.toBuilder().intervals(intervals).generator(withSeconds).build();
  }

  @Test
  void aRunOverAnHourHasOneEntryAMinuteAndTheSlowSecondShows() {
    RunResult r = run(7200, 600 + 17);
    com.fasterxml.jackson.databind.node.ObjectNode json = ResultJson.toJson(r, Results.info());
    assertEquals(60, json.get("seriesResolutionSeconds").asInt());
    JsonNode intervals = json.get("intervals");
    assertEquals(120, intervals.size(), "two hours of minutes");
    JsonNode minute10 = intervals.get(10);
    assertEquals(600, minute10.get("t").asDouble(), 1e-9);
    assertEquals(60, minute10.get("seconds").asDouble(), 1e-9);
    assertEquals(60_000, minute10.get("responses").asLong());
    assertEquals(300, minute10.get("errors").asLong());
    assertEquals(1000, minute10.get("achievedRate").asDouble(), 1e-6);
    assertEquals(900, minute10.get("p99").asDouble(), 1e-9, "the worst second of the minute");
    assertEquals(2, intervals.get(11).get("p99").asDouble(), 1e-9);
    JsonNode gen = json.get("generator").get("seconds");
    assertEquals(120, gen.size());
    assertEquals(60_000, gen.get(10).get("arrivals").asLong());
    assertEquals(10, gen.get(10).get("lateArrivals").asLong());
    assertEquals(60, gen.get(10).get("seconds").asDouble(), 1e-9);

    // Every report reads it back and renders it.
    RunReport report = ResultReader.parse(json, null, Map.of());
    assertEquals(120, report.seconds().size());
    String html = HtmlReport.render(report, null);
    assertTrue(html.contains("<svg"), "the plots are drawn");
    assertTrue(ResultJson.toBytes(json).length < 200_000, "a two-hour file stays small");
  }

  @Test
  void upToAnHourEverySecondIsKept() {
    RunResult r = run(3600, 5);
    com.fasterxml.jackson.databind.node.ObjectNode json = ResultJson.toJson(r, Results.info());
    assertEquals(1, json.get("seriesResolutionSeconds").asInt());
    assertEquals(3600, json.get("intervals").size());
    assertEquals(900, json.get("intervals").get(5).get("p99").asDouble(), 1e-9);
    assertEquals(3600, json.get("generator").get("seconds").size());
  }

  @Test
  void aLongRunsProbeTimelineKeepsItsFailuresAndOnePollAMinute() {
    List<ProbeResult.Poll> polls = new ArrayList<>();
    for (int t = 0; t < 7200; t++) {
      boolean ok = t < 3000 || t >= 3005;
      polls.add(new ProbeResult.Poll(t * S, true, ok ? 200 : 0, MS, ok, ok ? null : "refused"));
    }
    RunResult r =
        run(7200, 5).toBuilder().probe(new ProbeResult("http://x/health", S, polls)).build();
    com.fasterxml.jackson.databind.node.ObjectNode json = ResultJson.toJson(r, Results.info());
    JsonNode probe = json.get("probe");
    assertEquals(7200, probe.get("polls").asLong(), "the totals count every poll");
    assertEquals(7195, probe.get("ok").asLong());
    assertEquals(false, probe.get("timelineComplete").asBoolean());
    // 120 minutes' first polls (one of them, at 3000 s, failed) + 4 more failed + the one after.
    assertEquals(125, probe.get("timeline").size(), probe.get("timeline").toString());
    RunReport report = ResultReader.parse(json, null, Map.of());
    assertEquals(List.of("3000.0s - 3005.0s\t5\trefused"), ProbeWindows.failures(report.probe()));
  }

  @Test
  void aLongPerNameSeriesFromTheLogIsPlottedOnePointAMinute() {
    List<RunReport.NameSecond> seconds = new ArrayList<>();
    for (int t = 0; t < 7200; t++) {
      seconds.add(new RunReport.NameSecond(t, 1, 100, 1.0, t == 125 ? 800.0 : 2.0, 3.0));
    }
    List<RunReport.NameSecond> minutes = LatencyLog.perMinute(seconds);
    assertEquals(120, minutes.size());
    assertEquals(120, minutes.get(2).t(), 1e-9);
    assertEquals(6000, minutes.get(2).count());
    assertEquals(800, minutes.get(2).p99(), 1e-9, "the worst second of the minute");
    assertEquals(2, minutes.get(3).p99(), 1e-9);
    assertEquals(3600, LatencyLog.perMinute(seconds.subList(0, 3600)).size(), "an hour: seconds");
  }
}
