package dev.harness.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.model.StatusSet;
import dev.harness.engine.result.CriterionResult;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.result.Stats;
import dev.harness.engine.result.Verdict;
import dev.harness.engine.testkit.Nginx;
import dev.harness.engine.testkit.Specs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop: Debian's nginx with {@code limit_req} at 100 requests a second (the rate-limit example
 * of docs/scenarios.md), loaded at 300/s for 3 s. With {@code --ok-status 200,429} its 429s are
 * counted under their code and are not errors; without, they are errors of the 4xx class.
 */
class NginxRateLimitTest {
  private static final String ZONE = "  limit_req_zone $server_name zone=one:1m rate=100r/s;";

  /**
   * The limited location serves a file: {@code return 200} would answer in nginx's rewrite phase,
   * before {@code limit_req} (preaccess) ever runs, and nothing would be limited.
   */
  private static Nginx start(Path dir) throws Exception {
    Path www = Files.createDirectories(dir.resolve("www"));
    Files.writeString(www.resolve("index.html"), "ok\n");
    return Nginx.start(
        "",
        ZONE,
        "    location / { limit_req zone=one; limit_req_status 429; root " + www + "; }",
        dir);
  }

  private static RunResult at300(Nginx nginx, StatusSet ok, String... criteria) throws Exception {
    String url = "http://127.0.0.1:" + nginx.port() + "/";
    return Runs.run(Specs.open(url, 300, 3, 1, 8, criteria).toBuilder().okStatus(ok).build());
  }

  @Tag("timing")
  @Test
  void expected429sFromLimitReqAreNotErrorsAndAboutTwoThirdsOfTheAnswers(@TempDir Path dir)
      throws Exception {
    try (Nginx nginx = start(dir)) {
      RunResult r = at300(nginx, StatusSet.parse("200,429"), "status429 >= 40%");
      Stats m = r.measured();
      Map<Integer, Long> byStatus = m.outcomes().byStatus();
      assertEquals(0, m.errors(), "200 and 429 expected: " + m.outcomes());
      assertEquals(900, m.requests(), "300/s for 3 s: " + m.outcomes());
      assertEquals(
          m.requests(), byStatus.get(200) + byStatus.get(429), "only 200/429: " + byStatus);
      double share = (double) byStatus.get(429) / m.requests();
      assertTrue(share >= 0.5 && share <= 0.8, "429 share near 2/3: " + byStatus);
      CriterionResult c = r.criteria().get(0);
      assertTrue(c.passed(), "status429 >= 40%: " + c.actualText());
      assertEquals(Verdict.PASS, r.verdict(), r.reason());
    }
  }

  @Test
  void withoutOkStatusTheLimitReq429sAreErrors(@TempDir Path dir) throws Exception {
    try (Nginx nginx = start(dir)) {
      RunResult r = at300(nginx, null, "errors == 0");
      Stats m = r.measured();
      long limited = m.outcomes().byStatus().getOrDefault(429, 0L);
      assertTrue(limited > 0, "300/s against 100r/s gets 429s: " + m.outcomes());
      assertEquals(limited, m.errors(), "each 429 an error: " + m.outcomes());
      assertEquals(limited, m.outcomes().get(Outcome.S4XX), "counted as 4xx: " + m.outcomes());
      assertEquals(Verdict.FAIL, r.verdict(), "errors == 0 fails");
    }
  }
}
