package dev.harness.engine.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.model.RunSpec;
import dev.harness.engine.result.CheckFailures;
import dev.harness.engine.result.Outcome;
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
 * The embedded target's login flow with checks on fed and extracted values: a templated check
 * passes where the literal fails, and the failures are counted by reason over two workers.
 */
class TemplatedCheckRunTest {
  @RegisterExtension static final TargetExtension target = TargetExtension.withDefaults();

  @TempDir static Path dir;

  /** Logs in as each user of the feeder, then checks who /api/items says is logged in. */
  private static RunResult run(String itemsUser) throws Exception {
    Files.writeString(dir.resolve("users.csv"), "username,password\nalice,a\nbob,b\n");
    String yaml =
        """
        target: %s
        workers: 2
        connections: 8
        phases:
          - name: warmup
            duration: 500ms
            rate: 10
            warmup: true
          - name: main
            duration: 1s
            rate: 40
        flows:
          - name: login
            feeder: {file: users.csv, onEnd: wrap}
            steps:
              - name: csrf
                path: /api/auth/csrf-token
                extract: {csrf: {json: /csrfToken}}
              - name: token
                method: POST
                path: /api/auth/token
                headers: {X-CSRF-Token: '${csrf}', Content-Type: application/json}
                body: '{"username": "${username}", "password": "${password}"}'
                extract: {jwt: {json: /accessToken}}
              - name: me
                path: /api/me
                headers: {Authorization: 'Bearer ${jwt}'}
                check: {json: {/user: '${username}'}}
                extract: {who: {json: /user}}
              - name: items
                path: /api/items
                headers: {Authorization: 'Bearer ${jwt}'}
                check: {json: {/user: '%s'}}
        """
            .formatted(target.url(), itemsUser);
    Path f = dir.resolve("login.yaml");
    Files.writeString(f, yaml);
    RunSpec spec = ScenarioLoader.load(f, Overrides.NONE).spec();
    return new LoadRun(spec, RunListener.NONE, 1_000_000_000L).execute();
  }

  @Test
  void aCheckOnAnExtractedValuePasses() throws Exception {
    RunResult r = run("${who}");
    assertEquals(
        0, r.measured().outcomes().get(Outcome.CHECK_FAILED), r.checkFailures().toString());
    assertTrue(r.measured().outcomes().responses() >= 4 * 40, "every step answered");
    assertEquals(CheckFailures.NONE, r.checkFailures());
  }

  @Test
  void theLiteralFailsForTheOtherUserWithItsReason() throws Exception {
    RunResult r = run("alice");
    long failed = r.measured().outcomes().get(Outcome.CHECK_FAILED);
    assertTrue(failed > 0, "bob's logins fail the literal check");
    assertEquals(
        new CheckFailures.Reason("items: json /user: expected 'alice', got 'bob'", failed),
        r.checkFailures().reasons().get(0));
    assertEquals(1, r.checkFailures().reasons().size(), r.checkFailures().toString());
  }
}
