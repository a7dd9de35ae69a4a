package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harness.engine.target.TargetConfig;
import dev.harness.engine.target.TargetServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An SLO with a window ({@code p99 < 5s over 3s}), from a scenario file and from {@code --slo}:
 * accepted, judged on every measured second and named with its window in the result.
 */
class WindowedSloTest {

  private static JsonNode resilience(Path json) throws Exception {
    return new ObjectMapper().readTree(json.toFile()).get("resilience");
  }

  @Test
  void aScenarioSloWithAWindowJudgesEverySecond(@TempDir Path dir) throws Exception {
    try (TargetServer target = TargetServer.start(TargetConfig.defaults())) {
      Path scenario = dir.resolve("slo.yaml");
      Files.writeString(
          scenario,
          """
          target: %s
          phases:
            - name: main
              duration: 5s
              rate: 100
          requests:
            - name: home
              path: /
          slo:
            - p99 < 5s over 3s
            - errors < 1%%
          """
              .formatted(target.url()));
      Path json = dir.resolve("r.json");
      Cli r = Cli.run("run", scenario.toString(), "-q", "--json", json.toString());
      assertEquals(0, r.exitCode(), r.toString());
      JsonNode res = resilience(json);
      assertEquals("p99 < 5s over 3s", res.get("slo").get(0).asText(), res.toString());
      assertEquals(5, res.get("secondsJudged").asLong(), res.toString());
      // 5 s bounds on loopback at 100/s: every window holds, however busy the machine.
      assertEquals(5, res.get("secondsWithinSlo").asLong(), res.toString());
      assertTrue(r.out().contains("p99 < 5s over 3s"), r.out());

      Path flag = dir.resolve("flag.json");
      Cli f =
          Cli.run(
              "run",
              target.url() + "/",
              "-R",
              "100",
              "-d",
              "3s",
              "-q",
              "--slo",
              "p99 < 5s over 2s",
              "--json",
              flag.toString());
      assertEquals(0, f.exitCode(), f.toString());
      assertEquals("p99 < 5s over 2s", resilience(flag).get("slo").get(0).asText());
      assertEquals(3, resilience(flag).get("secondsWithinSlo").asLong());
    }
  }
}
