package dev.harness.engine.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The nginx kit itself: starts, answers on its port, logs the request, stops. */
class NginxTest {
  @Test
  void servesAndLogs(@TempDir Path dir) throws Exception {
    try (Nginx nginx = Nginx.start("", "", "    location / { return 200 'hello'; }", dir)) {
      try (RawHttp http = new RawHttp(nginx.port())) {
        RawHttp.Response r = http.exchange("/");
        assertEquals(200, r.status());
      }
      Await.until(
          "an access log line",
          () ->
              java.nio.file.Files.exists(nginx.accessLog())
                  && nginx.accessLog().toFile().length() > 0);
      assertTrue(
          nginx.accessLines().get(0).startsWith("GET / HTTP/1.1 200"),
          nginx.accessLines().toString());
    }
  }
}
