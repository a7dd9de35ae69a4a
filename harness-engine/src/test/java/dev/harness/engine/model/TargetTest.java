package dev.harness.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.time.InvalidInputException;
import org.junit.jupiter.api.Test;

class TargetTest {

  @Test
  void parsesHostPortPathAndQuery() {
    Target t = Target.parse("http://127.0.0.1:8080/api/items?id=7");
    assertEquals("127.0.0.1", t.host());
    assertEquals(8080, t.port());
    assertEquals("/api/items?id=7", t.path());
    assertEquals("127.0.0.1:8080", t.hostHeader());
  }

  @Test
  void defaultsPortAndPath() {
    Target t = Target.parse("http://localhost");
    assertEquals(80, t.port());
    assertEquals("/", t.path());
    assertEquals("localhost", t.hostHeader());
  }

  @Test
  void handlesIpv6Literals() {
    Target t = Target.parse("http://[::1]:9000/");
    assertEquals("::1", t.host());
    assertEquals("[::1]:9000", t.hostHeader());
  }

  @Test
  void parsesHttpsWithItsDefaultPort() {
    Target t = Target.parse("https://example.com/api?x=1");
    assertTrue(t.https());
    assertEquals(443, t.port());
    assertEquals("example.com", t.hostHeader());
    assertEquals("https://example.com/api?x=1", t.url());
    assertEquals("example.com:8443", Target.parse("https://example.com:8443/").hostHeader());
    assertEquals(false, Target.parse("http://example.com/").https());
  }

  @Test
  void rejectsBadUrlsWithAReason() {
    String[][] cases = {
      {"127.0.0.1:8080", "scheme"},
      {"ftp://host/", "scheme must be http"},
      {"http://", "bad URL"},
      {"http://host:99999/", "out of range"},
      {"http:// bad host/", "bad URL"},
      {"not a url", "bad URL"},
    };
    for (String[] c : cases) {
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> Target.parse(c[0]), c[0]);
      assertTrue(
          e.getMessage().contains(c[1]), c[0] + " should say '" + c[1] + "': " + e.getMessage());
    }
  }
}
