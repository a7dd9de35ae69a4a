package dev.harness.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.harness.engine.model.RequestSpec;
import dev.harness.engine.model.Target;
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
}
