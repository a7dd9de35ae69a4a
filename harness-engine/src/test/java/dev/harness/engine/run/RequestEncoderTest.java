package dev.harness.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.model.RequestSpec;
import dev.harness.engine.model.Target;
import dev.harness.engine.time.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestEncoderTest {

  @Test
  void encodesRequestLineHostAgentAndBody() {
    Target t = Target.parse("http://127.0.0.1:8080/x");
    RequestSpec r =
        RequestSpec.of(
            "r",
            "post",
            "/x?y=1",
            List.of(RequestSpec.Header.parse("X-Test: 1")),
            "hi".getBytes(StandardCharsets.UTF_8));
    String wire = new String(RequestEncoder.encode(t, r), StandardCharsets.ISO_8859_1);
    assertEquals(
        "POST /x?y=1 HTTP/1.1\r\nX-Test: 1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: "
            + RequestEncoder.USER_AGENT
            + "\r\nContent-Length: 2\r\n\r\nhi",
        wire);
  }

  @Test
  void keepsHeadersTheUserSet() {
    Target t = Target.parse("http://127.0.0.1:8080/");
    RequestSpec r =
        RequestSpec.of(
            "r",
            "GET",
            "/",
            List.of(
                RequestSpec.Header.parse("Host: example.test"),
                RequestSpec.Header.parse("User-Agent: me")),
            null);
    assertEquals(
        "GET / HTTP/1.1\r\nHost: example.test\r\nUser-Agent: me\r\n\r\n",
        new String(RequestEncoder.encode(t, r), StandardCharsets.ISO_8859_1));
  }

  @Test
  void spacesAndNonAsciiInAPathArePercentEncodedSoTheRequestLineStaysOneLine() {
    Target t = Target.parse("http://127.0.0.1:8080/");
    RequestSpec r = RequestSpec.of("r", "GET", "/a b/caf\u00e9?q=x y", List.of(), null);
    String wire = new String(RequestEncoder.encode(t, r), StandardCharsets.ISO_8859_1);
    assertTrue(wire.startsWith("GET /a%20b/caf%C3%A9?q=x%20y HTTP/1.1\r\n"), wire);
  }

  @Test
  void controlCharactersThatWouldChangeTheRequestAreRefused() {
    for (String path : List.of("/a\r\nX-Smuggle: 1", "/a\nb", "/a\u0000b", "/a\tb", "/\u007f")) {
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class,
              () -> RequestSpec.of("r", "GET", path, List.of(), null),
              "path " + path);
      assertTrue(e.getMessage().contains("which would change the request"), e.getMessage());
    }
    assertThrows(
        InvalidInputException.class,
        () -> RequestSpec.of("r", "GET /x HTTP/1.1\r\nX: 1\r\n", "/", List.of(), null));
    assertThrows(InvalidInputException.class, () -> RequestSpec.Header.parse("X-A: a\u0000b"));
    assertThrows(InvalidInputException.class, () -> RequestSpec.Header.parse("X-A: a\rb"));
    assertEquals("a\tb", RequestSpec.Header.parse("X-A: a\tb").value(), "a tab is allowed");
  }
}
