package dev.harness.engine.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetMetricsTest {
  private static final long S = 1_000_000_000L;

  /** Memory from 100 MB growing 1 MB per minute, CPU at half a core, one scrape each 10 s. */
  private static TargetMetrics growing(int scrapes) {
    List<TargetMetrics.Scrape> list = new ArrayList<>();
    for (int i = 0; i < scrapes; i++) {
      long t = i * 10 * S;
      double mem = 100e6 + 1e6 * t / 60.0 / S;
      list.add(
          new TargetMetrics.Scrape(t, new double[] {mem, 0.5 * t / S, i == 3 ? Double.NaN : 7}));
    }
    return new TargetMetrics(
        "http://127.0.0.1:1/metrics",
        10 * S,
        List.of("process_resident_memory_bytes", "process_cpu_seconds_total", "threads"),
        list,
        0,
        null);
  }

  @Test
  void growthPerHourIsTheSlopeRelativeToTheFirstValue() {
    TargetMetrics.Summary s = growing(13).summary("process_resident_memory_bytes", 0);
    assertEquals(13, s.scrapes());
    assertEquals(100e6, s.first());
    assertEquals(102e6, s.last(), 1);
    assertEquals(100e6, s.min());
    assertEquals(102e6, s.max(), 1);
    // 1 MB per minute is 60 MB per hour: 60 % of the first 100 MB
    assertEquals(60.0, s.growthPercentPerHour(), 1e-6);
  }

  @Test
  void cpuShareIsTheCountersRate() {
    TargetMetrics.Summary s = growing(7).summary("process_cpu_seconds_total", 0);
    assertEquals(50.0, s.cpuPercent(), 1e-9, "half a core");
  }

  @Test
  void onlyScrapesFromTheEndOfTheWarmUpCount() {
    TargetMetrics.Summary s = growing(13).summary("process_resident_memory_bytes", 60 * S);
    assertEquals(7, s.scrapes(), "scrapes at 60 s to 120 s");
    assertEquals(101e6, s.first(), 1);
  }

  @Test
  void aScrapeWithoutTheSeriesIsSkippedAndAnUnrecordedSeriesHasNoSummary() {
    TargetMetrics t = growing(6);
    assertEquals(5, t.summary("threads", 0).scrapes());
    assertEquals(0.0, t.summary("threads", 0).growthPercentPerHour());
    assertNull(t.summary("not_recorded", 0));
  }

  @Test
  void oneScrapeGivesNoGrowthNorRate() {
    TargetMetrics.Summary s = growing(1).summary("process_resident_memory_bytes", 0);
    assertEquals(1, s.scrapes());
    assertTrue(Double.isNaN(s.growthPercentPerHour()));
    assertTrue(Double.isNaN(s.ratePerSecond()));
  }
}
