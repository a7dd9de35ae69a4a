package dev.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.result.OutcomeCounts;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.time.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogProcessor;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatencyLogTest {
  @TempDir Path dir;

  /** A log of the realistic run with 3 seconds of per-second series for two names. */
  private static byte[] log(RunResult r) {
    LatencyLog.Recorder rec = new LatencyLog.Recorder();
    for (int s = 0; s < 3; s++) {
      Map<String, Histogram> byName = new LinkedHashMap<>();
      byName.put("list items", Results.histogram(10 * (s + 1), Results.MS));
      byName.put("get item", Results.histogram(5, Results.MS));
      Histogram all = new Histogram(3);
      byName.values().forEach(all::add);
      IntervalStats stats =
          new IntervalStats(
              s * Results.S, (s + 1) * Results.S, 0, 0, OutcomeCounts.empty(), 0, 0, 0, 0);
      rec.onInterval(stats, all, byName);
    }
    return LatencyLog.bytes(r, rec);
  }

  @Test
  void perSecondSeriesAreUntaggedForAllAndTaggedPerNameWithSafeTags() {
    List<EncodableHistogram> read = readAll(log(Results.realistic()));

    List<String> perSecond = new ArrayList<>();
    for (EncodableHistogram h : read) {
      if (h.getTag() == null || !h.getTag().contains(".")) {
        perSecond.add(h.getTag() + "@" + (h.getStartTimeStamp() - Results.STARTED.toEpochMilli()));
      }
    }
    assertEquals(
        List.of(
            "null@0",
            "list_items@0",
            "get_item@0",
            "null@1000",
            "list_items@1000",
            "get_item@1000",
            "null@2000",
            "list_items@2000",
            "get_item@2000"),
        perSecond,
        "per-second lines: tag@offset ms (space in a name becomes _)");
    Histogram second = (Histogram) read.get(1);
    assertEquals(10, second.getTotalCount(), "list items, second 0: 10 values");
  }

  @Test
  void wholeWindowHistogramsAreTheRunsOwnExactly() {
    RunResult r = Results.realistic();
    Map<String, Histogram> byTag = new LinkedHashMap<>();
    for (EncodableHistogram h : readAll(log(r))) {
      if (h.getTag() != null && h.getTag().contains(".")) {
        byTag.put(h.getTag(), (Histogram) h);
      }
    }

    assertEquals(LatencyLog.summaries(r).keySet(), byTag.keySet(), "whole-window tags");
    assertEquals(r.measured().response(), byTag.get("measured.response"), "measured.response");
    assertEquals(r.measured().service(), byTag.get("measured.service"), "measured.service");
    assertEquals(r.phases().get(0).stats().response(), byTag.get("phase.warmup.response"));
    assertEquals(r.requests().get(1).stats().service(), byTag.get("name.get_item.service"));
    Histogram m = byTag.get("measured.response");
    assertEquals(
        Results.STARTED.toEpochMilli() + 5000, m.getStartTimeStamp(), "measured window starts");
    assertEquals(
        Results.STARTED.toEpochMilli() + 20000, m.getEndTimeStamp(), "measured window ends");
  }

  @Test
  void histogramLogProcessorPrintsTheSpectrumTheTerminalPrints() throws Exception {
    RunResult r = Results.realistic();
    Path hlog = dir.resolve("latency.hlog");
    Files.write(hlog, log(r));
    Path out = dir.resolve("processed");

    new HistogramLogProcessor(
            new String[] {
              "-i", hlog.toString(), "-o", out.toString(), "-tag", LatencyLog.MEASURED_RESPONSE
            })
        .run();

    List<String> processor =
        Files.readAllLines(Path.of(out + ".hgrm")).stream()
            .filter(l -> !l.startsWith("#[Overall") && !l.startsWith("#[StartTime"))
            .toList();
    String terminal = TextSummary.render(RunReport.of(r, null), true);
    List<String> spectrum =
        LatencyDistribution.spectrum(RunReport.of(r, null).measured().response());
    assertTrue(processor.size() > 40, "processor output: " + processor);
    assertEquals(processor, spectrum, "HistogramLogProcessor vs our spectrum");
    for (String line : processor) {
      assertTrue(
          terminal.contains(line.stripTrailing()),
          "terminal --latency output lacks processor line '" + line + "'");
    }
  }

  @Test
  void readingGivesTheSummariesAndTheStartTime() throws Exception {
    RunResult r = Results.realistic();
    Path hlog = dir.resolve("latency.hlog");
    Files.write(hlog, log(r));

    LatencyLog.Contents c = LatencyLog.read(hlog);

    assertEquals(Results.STARTED.toEpochMilli(), c.startMillis(), "start time");
    assertEquals(r.measured().response(), c.response());
    assertTrue(c.tags().containsAll(List.of("", "list_items", "get_item")), "tags " + c.tags());
  }

  @Test
  void aBrokenLogIsOneLineNamingTheFile() throws Exception {
    Path bad = dir.resolve("latency.hlog");
    Files.writeString(bad, "0.000,1.000,2.0,not-base64!!\n");
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> LatencyLog.read(bad));
    assertTrue(e.getMessage().startsWith(bad.toString()), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());

    Path empty = dir.resolve("empty.hlog");
    Files.writeString(empty, "#just a comment\n");
    e = assertThrows(InvalidInputException.class, () -> LatencyLog.read(empty));
    assertTrue(e.getMessage().contains("not a latency log written by harness"), e.getMessage());
  }

  private static List<EncodableHistogram> readAll(byte[] log) {
    HistogramLogReader reader = new HistogramLogReader(new ByteArrayInputStream(log));
    List<EncodableHistogram> all = new ArrayList<>();
    EncodableHistogram h;
    while ((h = reader.nextIntervalHistogram()) != null) {
      all.add(h);
    }
    assertTrue(
        new String(log, StandardCharsets.UTF_8).startsWith("#harness latency log"),
        "header comment");
    return all;
  }
}
