package dev.harness.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.result.GeneratorHealth;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.result.Verdict;
import dev.harness.engine.scenario.Overrides;
import dev.harness.engine.scenario.ScenarioLoader;
import dev.harness.engine.testkit.Specs;
import dev.harness.engine.testkit.TargetExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator judges itself on a real run: hopeless by design (per-answer work on the worker far
 * beyond what one event loop can do at the rate, on any machine), and modest (a rate a loaded
 * 2-core runner sends with ease, long enough that one stall of the machine cannot flip the
 * verdict).
 */
@Tag("timing")
class GeneratorStarvationTest {
  @RegisterExtension static final TargetExtension target = TargetExtension.withDefaults();

  @Test
  void aGeneratorThatCannotKeepUpMakesTheRunInvalidWithTheReason(@TempDir Path dir)
      throws Exception {
    // Each answer costs the worker's own loop tens of milliseconds: before the regex settles
    // for the '!', its first branch backtracks through every way to cut the twenty echoed a's
    // into ten pieces. At 200 arrivals a second the generator needs seconds of work per
    // second on any machine, while the target only echoes.
    Path file = dir.resolve("heavy-check.yaml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "target: " + target.url(),
            "timeout: 1s",
            "connections: 4",
            "phases:",
            "  - {name: main, duration: 2s, rate: 200}",
            "requests:",
            "  - name: heavy",
            "    method: POST",
            "    path: /echo",
            "    body: aaaaaaaaaaaaaaaaaaaa!",
            "    extract:",
            "      x: {regex: '(?:.*a){10}!x|!'}",
            "criteria:",
            "  - errors <= 100%",
            ""));
    RunResult r = Runs.run(ScenarioLoader.load(file, Overrides.NONE).spec());

    GeneratorHealth g = r.generator();
    assertEquals(
        Verdict.INVALID,
        r.verdict(),
        "verdict, whatever the criteria; " + r.reason() + "; seconds " + g.seconds());
    assertTrue(
        r.reason().startsWith("the generator fell behind its schedule")
            && r.reason().contains("lower the rate"),
        "reason says why and what to do: " + r.reason());
    assertEquals(GeneratorHealth.Health.RED, g.health(), "health");
    assertTrue(
        g.behindSeconds() > g.allowedBehindSeconds(),
        "behind " + g.behindSeconds() + " of " + g.measuredSeconds() + " seconds");
    assertTrue(g.lateArrivals() > 0, "arrivals handled late are counted: " + g);
    assertTrue(
        g.timerLateness().getMaxValue() > GeneratorHealth.LONG_TICK_NANOS,
        "the loop's timers fired late: max " + g.timerLateness().getMaxValue());
  }

  @Test
  void aModestRateStaysValid() throws Exception {
    // 300/s for 10 s: one behind second would be tolerated, and a stall of the machine long
    // enough to make more than half of two seconds late would be a broken machine, not load.
    RunResult r = Runs.run(Specs.open(target.url() + "/", 300, 10, 1, 8, "errors < 1%"));

    GeneratorHealth g = r.generator();
    assertNotEquals(Verdict.INVALID, r.verdict(), "verdict; reason: " + r.reason());
    assertTrue(g.heldSchedule(), "held: " + g.behindSeconds() + " behind");
    assertEquals(10, g.measuredSeconds(), "every second of the run counts: " + g.seconds());
    assertTrue(
        g.ticks() >= 500,
        "heartbeats every 10 ms over 10 s: at least half of 1000, got " + g.ticks());
    assertTrue(
        g.timerLateness().getTotalCount() >= g.ticks(),
        "every heartbeat and pacing wake-up is in the lateness histogram");
    assertTrue(g.processCpu() > 0, "process CPU measured: " + g.processCpu());
  }
}
