package dev.harness.engine.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.model.Criterion;
import dev.harness.engine.model.ResilienceSpec;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.model.TargetMetricsSpec;
import dev.harness.engine.result.CriterionResult;
import dev.harness.engine.result.TargetMetrics;
import dev.harness.engine.testkit.Specs;
import dev.harness.engine.time.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetCriterionTest {
  private static final long S = 1_000_000_000L;

  @Test
  void parsesTheThreeFormsAndWritesThemBack() {
    assertEquals(
        "target.memory.growth < 10%/h",
        Criterion.parse("target.memory.growth < 10%/h").expression());
    assertEquals("target.cpu < 80%", Criterion.parse("target.cpu<80%").expression());
    Criterion m = Criterion.parse("target.metric{name=jvm_threads_live_threads} <= 200");
    assertEquals(Criterion.Metric.TARGET_METRIC, m.metric());
    assertEquals("jvm_threads_live_threads", m.name());
    assertEquals("target.metric{name=jvm_threads_live_threads} <= 200", m.expression());
    assertTrue(m.isTarget());
  }

  @Test
  void refusesWrongUnitsAndMissingSeriesInOneLine() {
    for (String[] bad :
        new String[][] {
          {"target.memory.growth < 10%", "percent per hour"},
          {"target.cpu < 0.8", "percent of one core"},
          {"target.metric < 5", "select the series"},
          {"target.metric{name=x} < 5MB", "plain number"},
          {"target.cpu{name=x} < 5%", "measured for the whole target"},
        }) {
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> Criterion.parse(bad[0]), bad[0]);
      assertTrue(e.getMessage().contains(bad[1]), bad[0] + ": " + e.getMessage());
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
  }

  @Test
  void aRunRefusesTargetCriteriaWithoutAScrapeOrWithAnUnrecordedSeries() {
    RunSpec plain =
        Specs.builder("http://127.0.0.1:1/")
            .criteria(Specs.criteria("target.memory.growth < 10%/h"))
            .build();
    InvalidInputException none =
        assertThrows(InvalidInputException.class, () -> TargetMetricsSpec.check(plain));
    assertTrue(none.getMessage().contains("--target-metrics URL"), none.getMessage());

    RunSpec named =
        plain.toBuilder()
            .criteria(Specs.criteria("target.metric{name=jvm_threads_live_threads} < 5"))
            .targetMetrics(TargetMetricsSpec.of("http://127.0.0.1:1/metrics", S, List.of()))
            .build();
    InvalidInputException unknown =
        assertThrows(InvalidInputException.class, () -> TargetMetricsSpec.check(named));
    assertTrue(
        unknown.getMessage().contains("series 'jvm_threads_live_threads' is not recorded"),
        unknown.getMessage());
    TargetMetricsSpec.check(
        named.toBuilder()
            .targetMetrics(
                TargetMetricsSpec.of(
                    "http://127.0.0.1:1/metrics", S, List.of("jvm_threads_live_threads")))
            .build());
  }

  @Test
  void anAbortConditionOnTheTargetIsRefused() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                new ResilienceSpec(
                    List.of(), List.of(), List.of(Criterion.parse("target.cpu > 90%"))));
    assertTrue(e.getMessage().contains("known only at the end"), e.getMessage());
  }

  @Test
  void judgesGrowthCpuAndLastValueOnTheMeasuredScrapes() {
    TargetMetrics t =
        new TargetMetrics(
            "http://127.0.0.1:1/metrics",
            S,
            List.of(TargetMetricsSpec.MEMORY, TargetMetricsSpec.CPU, "threads"),
            List.of(
                new TargetMetrics.Scrape(0, new double[] {50e6, 0, 9}), // warm-up: not judged
                new TargetMetrics.Scrape(10 * S, new double[] {100e6, 1, 9}),
                new TargetMetrics.Scrape(20 * S, new double[] {101e6, 2, 11})),
            0,
            null);
    long warmup = 5 * S;
    CriterionResult growth =
        TargetCriteria.evaluate(Criterion.parse("target.memory.growth < 10%/h"), t, warmup);
    // 1 MB in 10 s of 100 MB: 360 % per hour
    assertEquals(360.0, growth.actual(), 1e-6);
    assertFalse(growth.passed());
    CriterionResult cpu = TargetCriteria.evaluate(Criterion.parse("target.cpu < 80%"), t, warmup);
    assertEquals(10.0, cpu.actual(), 1e-9);
    assertTrue(cpu.passed(), cpu.toString());
    CriterionResult last =
        TargetCriteria.evaluate(Criterion.parse("target.metric{name=threads} < 10"), t, warmup);
    assertEquals(11.0, last.actual());
    assertFalse(last.passed());
    CriterionResult unmeasured =
        TargetCriteria.evaluate(Criterion.parse("target.cpu < 80%"), null, warmup);
    assertFalse(unmeasured.passed());
    assertTrue(unmeasured.actualText().startsWith("not measured"), unmeasured.actualText());
  }
}
