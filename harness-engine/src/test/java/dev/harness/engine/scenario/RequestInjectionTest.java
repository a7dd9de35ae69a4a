package dev.harness.engine.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.model.RunSpec;
import dev.harness.engine.result.ErrorReason;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.RequestResult;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.run.LoadRun;
import dev.harness.engine.run.RunListener;
import dev.harness.engine.testkit.TargetExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing a scenario file, a feeder or an answer holds can change the request line or add a header:
 * known values are refused when the file is loaded, values only known at run time make the step a
 * request error with its reason, and the request is never sent.
 */
class RequestInjectionTest {
  private static final long S = 1_000_000_000L;
  @RegisterExtension static final TargetExtension target = TargetExtension.withDefaults();

  @TempDir static Path dir;

  private static Path file(String yaml) throws Exception {
    Path f = Files.createTempFile(dir, "scenario", ".yaml");
    Files.writeString(f, "target: " + target.url() + "\n" + yaml);
    return f;
  }

  private static ScenarioException refused(String yaml) throws Exception {
    Path f = file(yaml);
    return assertThrows(ScenarioException.class, () -> ScenarioLoader.load(f, Overrides.NONE));
  }

  @Test
  void aLineBreakInAPathIsRefusedWithItsLine() throws Exception {
    ScenarioException e =
        refused(
            """
            phases:
              - {name: main, duration: 1s, rate: 10}
            requests:
              - name: smuggle
                path: "/a b\\r\\nX-Smuggle: 1"
            """);
    assertTrue(e.getMessage().contains(":5: requests[0]: "), e.getMessage());
    assertTrue(e.getMessage().contains("path holds a line break (0x0D)"), e.getMessage());
  }

  @Test
  void aFeederValueWithALineBreakIsRefusedWhenItGoesIntoThePathOrAHeader() throws Exception {
    Files.writeString(dir.resolve("users.csv"), "user\nann\n\"bob\r\nX-Smuggle: 1\"\n");
    ScenarioException e =
        refused(
            """
            phases:
              - {name: main, duration: 1s, rate: 10}
            flows:
              - name: f
                feeder: {file: users.csv}
                steps:
                  - name: get
                    path: /u/${user}
            """);
    assertTrue(e.getMessage().contains("variable '${user}' in row 2 of users.csv"), e.getMessage());
    ScenarioException header =
        refused(
            """
            phases:
              - {name: main, duration: 1s, rate: 10}
            flows:
              - name: f
                vars: {who: "a\\nb"}
                steps:
                  - name: get
                    path: /
                    headers: {X-Who: "${who}"}
            """);
    assertTrue(
        header.getMessage().contains("variable '${who}' holds a line break"), header.getMessage());
  }

  @Test
  void anExtractedValueThatWouldInjectIsARequestErrorNeverSent() throws Exception {
    RunSpec spec =
        ScenarioLoader.load(
                file(
                    """
                    phases:
                      - {name: main, duration: 1s, rate: 20}
                    flows:
                      - name: relay
                        steps:
                          - name: read
                            method: POST
                            path: /echo
                            headers: {Content-Type: application/json}
                            body: '{"v": "a\\r\\nX-Smuggle: 1"}'
                            extract:
                              v: {json: /v}
                          - name: send
                            path: /x/${v}
                    """),
                Overrides.NONE)
            .spec();
    RunResult r = new LoadRun(spec, RunListener.NONE, S).execute();
    RequestResult send =
        r.requests().stream().filter(q -> q.name().equals("send")).findFirst().orElseThrow();
    long n = send.stats().outcomes().get(Outcome.REQUEST_ERROR);
    assertEquals(20, n, "every second step a request error: " + send.stats().outcomes().asMap());
    assertEquals(0, send.stats().sent(), "none of them sent");
    assertEquals(
        new ErrorReason(
            Outcome.REQUEST_ERROR,
            "path holds a line break (0x0D), which would change the request",
            20),
        r.errorReasons().get(0));
  }

  @Test
  void aSpaceInAPathIsPercentEncoded() throws Exception {
    RunSpec spec =
        ScenarioLoader.load(
                file(
                    """
                    phases:
                      - {name: main, duration: 1s, rate: 10}
                    requests:
                      - name: spaced
                        path: /health?q=a b
                    """),
                Overrides.NONE)
            .spec();
    RunResult r = new LoadRun(spec, RunListener.NONE, S).execute();
    assertEquals(
        10, r.measured().outcomes().get(Outcome.S2XX), r.measured().outcomes().asMap().toString());
  }
}
