package dev.harness.report;

import static dev.harness.report.Results.MS;
import static dev.harness.report.Results.S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.result.FaultImpact;
import dev.harness.engine.result.GeneratorHealth;
import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.result.OutcomeCounts;
import dev.harness.engine.result.Resilience;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.result.WorkerRestart;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One result with a worker restart, two request names and a fault window, rendered in every format
 * from the same view: each of the three shows in the text, HTML, Markdown and JUnit alike, at the
 * end of the run and when the saved folder is read back.
 */
class AllFormatsTest {
  @TempDir Path dir;

  private static final String RESTART = "worker 1 threw at 7.0s (boom in the pacer)";
  private static final String FAULT = "status 503";
  private static final String FAULT_WINDOW = "3s-5s";
  private static final List<String> NAMES = List.of("list items", "get item");

  @Test
  void restartsNamesAndFaultsShowInEveryFormat() throws Exception {
    ReportSet files = ReportSet.of(drill(), Results.info(), recorder());
    for (String format : ReportSet.FORMATS) {
      String out = ReportSet.render(format, files.report(), null, false);
      assertShows(format, out, RESTART);
      for (String name : NAMES) {
        assertShows(format, out, name);
      }
      assertShows(format, out, FAULT);
      assertShows(format, out, FAULT_WINDOW);
    }
  }

  @Test
  void junitStaysValidAndCarriesTheSectionsAsProperties() throws Exception {
    String xml =
        JunitReport.render(ReportSet.of(drill(), Results.info(), recorder()).report(), null);
    var doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    Map<String, String> props = new LinkedHashMap<>();
    var ps = doc.getElementsByTagName("property");
    for (int i = 0; i < ps.getLength(); i++) {
      var p = (org.w3c.dom.Element) ps.item(i);
      props.put(p.getAttribute("name"), p.getAttribute("value"));
    }
    assertEquals("1", props.get("generator.restarts"), "restart count in " + props);
    assertTrue(
        props.getOrDefault("generator.restart.1", "").startsWith(RESTART),
        "expected a property starting '" + RESTART + "', came " + props);
    for (String name : NAMES) {
      assertTrue(props.containsKey("name." + name), "expected name." + name + " in " + props);
    }
    assertTrue(
        props.getOrDefault("fault." + FAULT, "").startsWith(FAULT_WINDOW),
        "expected fault." + FAULT + " = '" + FAULT_WINDOW + ", ...', came " + props);
  }

  @Test
  void htmlPlotsEachNamesLatencyPerSecondAtTheEndAndFromTheSavedFolder() throws Exception {
    ReportSet files = ReportSet.of(drill(), Results.info(), recorder());
    files.writeTo(dir, null);
    RunReport read = ResultReader.read(dir);
    assertEquals(
        NAMES,
        List.copyOf(read.nameSeconds().keySet()),
        "per-name series read back from latency.hlog");
    assertEquals(3, read.nameSeconds().get("list items").size(), "seconds of 'list items'");
    assertEquals(
        30.0,
        read.nameSeconds().get("list items").get(2).max(),
        0.1,
        "max of 'list items' in the third second, ms");

    for (RunReport r : List.of(files.report(), read)) {
      String svg = plot(HtmlReport.render(r), "latency-by-name");
      for (String name : NAMES) {
        assertTrue(
            svg.contains("class=\"series\" data-name=\"" + name + "\""),
            "expected a line for '" + name + "' in the per-name plot, came:\n" + svg);
      }
    }
    assertEquals(
        files.report().nameSeconds(),
        read.nameSeconds(),
        "the same series at the end of the run and from the files");
  }

  @Test
  void perNamePlotSaysWhatItNeedsWithoutTheLog() {
    String svg = plot(HtmlReport.render(RunReport.of(drill(), null)), "latency-by-name");
    assertTrue(svg.contains("needs the per-second lines of latency.hlog"), svg);
  }

  private static void assertShows(String format, String out, String expected) {
    assertTrue(
        out.contains(expected),
        format + ": expected '" + expected + "' in the output, came:\n" + out);
  }

  private static String plot(String html, String id) {
    Matcher m =
        Pattern.compile("<svg[^>]*data-plot=\"" + id + "\".*?</svg>", Pattern.DOTALL).matcher(html);
    assertTrue(m.find(), "expected a plot '" + id + "' in the page");
    return m.group();
  }

  /** The realistic run with a worker restart at 7 s and a 503 burst from 3 s to 5 s. */
  static RunResult drill() {
    RunResult r = Results.realistic();
    GeneratorHealth g = r.generator();
    GeneratorHealth restarted =
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
            g.seconds(),
            List.of(new WorkerRestart(1, 7 * S, "boom in the pacer", S, false)));
    FaultImpact burst =
        new FaultImpact(
            3 * S,
            2 * S,
            FAULT,
            "status",
            400,
            40,
            Results.outcomes(360, 40, 0, 0),
            Results.histogram(100, MS),
            S);
    Resilience res =
        new Resilience(
            List.of("p99 < 50ms"),
            "slo",
            Arrays.asList(true, false, true),
            3,
            2,
            List.of(burst),
            null);
    return r.toBuilder().generator(restarted).resilience(res).probe(null).build();
  }

  /** Three seconds of per-name series: 'list items' 1..10, 1..20, 1..30 ms; 'get item' 1..5 ms. */
  private static LatencyLog.Recorder recorder() {
    LatencyLog.Recorder rec = new LatencyLog.Recorder();
    for (int s = 0; s < 3; s++) {
      Map<String, Histogram> byName = new LinkedHashMap<>();
      byName.put("list items", Results.histogram(10 * (s + 1), MS));
      byName.put("get item", Results.histogram(5, MS));
      Histogram all = new Histogram(3);
      byName.values().forEach(all::add);
      rec.onInterval(
          new IntervalStats(s * S, (s + 1) * S, 0, 0, OutcomeCounts.empty(), 0, 0, 0, 0),
          all,
          byName);
    }
    return rec;
  }
}
