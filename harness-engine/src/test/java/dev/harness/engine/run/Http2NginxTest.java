package dev.harness.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.model.Protocol;
import dev.harness.engine.result.Http2Stats;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.testkit.Await;
import dev.harness.engine.testkit.Nginx;
import dev.harness.engine.testkit.Specs;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/2 against Debian's nginx, a server nobody here wrote: {@code listen ... http2} without ssl
 * serves h2c with prior knowledge (nginx 1.22), and its access log says which protocol each request
 * came in.
 */
class Http2NginxTest {
  private static final String ROUTES = "    location / { return 200 'ok'; }";

  @Test
  void everyRequestReachesNginxAsHttp2(@TempDir Path dir) throws Exception {
    try (Nginx nginx = Nginx.start("http2", "", ROUTES, dir)) {
      String url = "http://127.0.0.1:" + nginx.port() + "/";
      RunResult r =
          Runs.run(Specs.open(url, 300, 2, 1, 2).toBuilder().protocol(Protocol.H2C).build());
      assertEquals(
          600, r.measured().outcomes().get(Outcome.S2XX), r.measured().outcomes().toString());
      // The run's 600 and the priming requests, each one line.
      Await.until("the access log", () -> lines(nginx).size() >= 600);
      List<String> lines = nginx.accessLines();
      for (String line : lines) {
        assertTrue(line.equals("GET / HTTP/2.0 200"), line);
      }
    }
  }

  private static List<String> lines(Nginx nginx) {
    try {
      return nginx.accessLines();
    } catch (java.io.IOException e) {
      return List.of();
    }
  }

  @Test
  void nginxsConcurrentStreamsLimitHolds(@TempDir Path dir) throws Exception {
    try (Nginx nginx =
        Nginx.start("http2", "", "    http2_max_concurrent_streams 128;\n" + ROUTES, dir)) {
      String url = "http://127.0.0.1:" + nginx.port() + "/";
      RunResult r =
          Runs.run(
              Specs.closed(url, 1, 1, 2).toBuilder()
                  .protocol(Protocol.H2C)
                  .maxStreams(200)
                  .build());
      Http2Stats h = r.http2();
      assertEquals(0, r.measured().errors(), r.measured().outcomes().toString());
      assertEquals(128, h.peerMaxConcurrentStreams(), h.toString());
      assertTrue(h.maxStreamsInFlight() <= 128 && h.maxStreamsInFlight() > 1, h.toString());
    }
  }
}
