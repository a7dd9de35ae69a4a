package dev.harness.engine.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.harness.engine.model.EveryField;
import dev.harness.engine.time.InvalidInputException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxyConfigTest {

  @Test
  void toTheUpstreamIsHttpAwareOnAnEphemeralLoopbackPort() {
    assertEquals(
        new ProxyConfig("127.0.0.1", 0, "example.org", 80, true, 1, 5000),
        ProxyConfig.to("example.org", 80));
  }

  @Test
  void toBuilderKeepsEveryField() {
    ProxyConfig all = new ProxyConfig("::1", 7070, "10.0.0.2", 8080, false, 3, 250);
    EveryField.assertAllSet(
        all,
        Map.of(
            "listenHost", "127.0.0.1", "http", true, "threads", 1, "connectTimeoutMillis", 5000));
    assertEquals(all, all.toBuilder().build());
  }

  @Test
  void aBadValueIsTheOneLineErrorOfTheRecord() {
    ProxyConfig p = ProxyConfig.to("127.0.0.1", 8080);
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> p.toBuilder().threads(65).build());
    assertEquals("threads must be 1 to 64, got 65", e.getMessage());
    e = assertThrows(InvalidInputException.class, () -> ProxyConfig.builder().build());
    assertEquals("upstream: host is missing", e.getMessage());
  }
}
