package dev.harness.engine.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.model.RunSpec;
import dev.harness.engine.result.CriterionResult;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.result.Stats;
import dev.harness.engine.run.LoadRun;
import dev.harness.engine.run.RunListener;
import dev.harness.engine.testkit.TargetExtension;
import dev.harness.engine.time.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Scenario criteria that select one step of a flow, judged on a real run. */
class NamedCriteriaRunTest {
  @RegisterExtension static final TargetExtension target = TargetExtension.withDefaults();

  @TempDir static Path dir;

  private static final String FLOW =
      """
      connections: 8
      phases:
        - name: main
          duration: 1s
          rate: 20
      flows:
        - name: f
          steps:
            - name: fast
              path: /
            - name: slow
              path: /delay/200ms
      criteria:
      """;

  private static RunResult run(String yaml) throws Exception {
    Path f = Files.createTempFile(dir, "scenario", ".yaml");
    Files.writeString(f, "target: " + target.url() + "\n" + yaml);
    RunSpec spec = ScenarioLoader.load(f, Overrides.NONE).spec();
    return new LoadRun(spec, RunListener.NONE, 1_000_000_000L).execute();
  }

  @Test
  void aStepCriterionReadsThatStepOnly() throws Exception {
    RunResult r =
        run(
            FLOW
                + """
                  - p95{name=slow} < 100ms
                  - p95{name=fast} < 5000ms
                  - errors{name=fast} == 0
                """);
    CriterionResult slow = r.criteria().get(0);
    CriterionResult fast = r.criteria().get(1);
    assertEquals("p95{name=slow} < 100ms", slow.expression());
    assertFalse(slow.passed(), "the slow step waits 200 ms, got " + slow.actualText());
    assertTrue(fast.passed(), "fast step: " + fast.actualText());
    Stats own = FlowRunTest.named(r, "fast").stats();
    assertEquals(
        own.response().getValueAtPercentile(95) / 1e6,
        fast.actual(),
        1e-9,
        "the fast step's own p95, not the run's");
    assertTrue(r.criteria().get(2).passed(), r.criteria().get(2).actualText());
  }

  @Test
  void anUnknownStepIsRefusedBeforeTheRun() throws Exception {
    Path f = Files.createTempFile(dir, "scenario", ".yaml");
    Files.writeString(f, "target: " + target.url() + "\n" + FLOW + "  - p95{name=login} < 5ms\n");
    Exception e =
        assertThrows(Exception.class, () -> ScenarioLoader.load(f, Overrides.NONE).spec());
    assertTrue(
        e instanceof InvalidInputException
            && e.getMessage().contains("no request named 'login' (requests: fast, slow)"),
        e.toString());
  }
}
