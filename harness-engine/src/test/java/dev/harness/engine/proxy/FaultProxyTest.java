package dev.harness.engine.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.model.Fault;
import dev.harness.engine.target.TargetConfig;
import dev.harness.engine.target.TargetServer;
import dev.harness.engine.testkit.RawHttp;
import dev.harness.engine.time.InvalidInputException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The proxy's faults, seen from a plain socket client, against the embedded target. */
class FaultProxyTest {
  private TargetServer target;
  private FaultProxy proxy;

  @BeforeEach
  void start() {
    target = TargetServer.start(TargetConfig.defaults());
    proxy = FaultProxy.start(ProxyConfig.to("127.0.0.1", target.port()));
  }

  @AfterEach
  void stop() {
    proxy.close();
    target.close();
  }

  private void on(String fault) {
    proxy.faults().on(Fault.parse(fault));
  }

  private static long millisSince(long t0) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
  }

  @Test
  void relaysKeepAliveRequestsUntouchedWithNoFault() throws IOException {
    try (RawHttp w = new RawHttp(proxy.port())) {
      for (int i = 0; i < 5; i++) {
        RawHttp.Response r = w.exchange("/");
        assertEquals(200, r.status(), "answer " + i);
        assertEquals("ok\n", r.body());
      }
      w.post("/echo", "hello through the proxy");
      RawHttp.Response echo = w.read();
      assertEquals("hello through the proxy", echo.body(), "a body goes up and comes back");
    }
    assertEquals(6, target.requestsServed(), "every request reached the target");
    assertEquals(1, proxy.stats().accepted(), "one client connection, kept alive");
  }

  @Test
  void relaysBytesUntouchedInTcpMode() throws IOException {
    try (FaultProxy tcp =
            FaultProxy.start(
                ProxyConfig.to("127.0.0.1", target.port()).toBuilder().http(false).build());
        RawHttp w = new RawHttp(tcp.port())) {
      // Two pipelined requests in one write: a byte relay passes them as they are.
      w.send(
          "GET / HTTP/1.1\r\nHost: x\r\n\r\nPOST /echo HTTP/1.1\r\nHost: x\r\n"
              + "Content-Length: 3\r\n\r\nabc");
      assertEquals("ok\n", w.read().body());
      assertEquals("abc", w.read().body());
    }
  }

  @Tag("timing")
  @Test
  void latencyHoldsEveryAnswerAndEndsWhenSwitchedOff() throws IOException {
    try (RawHttp w = new RawHttp(proxy.port())) {
      w.exchange("/"); // connection and JIT warm
      // A whole second held, so that "no longer held" can be told apart from a busy machine's
      // slow answer with a bound no stall of a loaded runner reaches.
      on("latency 1s");
      long t0 = System.nanoTime();
      assertEquals(200, w.exchange("/").status());
      long ms = millisSince(t0);
      assertTrue(ms >= 1000, "answer held at least 1 s, took " + ms + " ms");
      proxy.faults().off(Fault.Kind.LATENCY);
      t0 = System.nanoTime();
      assertEquals(200, w.exchange("/").status());
      ms = millisSince(t0);
      assertTrue(ms < 500, "no longer held once off: " + ms + " ms");
    }
  }

  @Test
  void jitterKeepsAnswersInOrderOnAConnection() throws IOException {
    on("latency 30ms jitter 25ms");
    try (RawHttp w = new RawHttp(proxy.port())) {
      // Pipelined: whatever each answer's draw, they must come back in request order.
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 20; i++) {
        sb.append("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n")
            .append(String.format("%02d", i));
      }
      w.send(sb.toString());
      for (int i = 0; i < 20; i++) {
        assertEquals(String.format("%02d", i), w.read().body(), "answer " + i + " in order");
      }
    }
  }

  @Test
  void resetResetsTheConnectionOnItsNextRequest() throws IOException {
    try (RawHttp w = new RawHttp(proxy.port())) {
      assertEquals(200, w.exchange("/").status());
      on("reset");
      IOException e = assertThrows(IOException.class, () -> w.exchange("/"));
      assertTrue(
          String.valueOf(e.getMessage()).toLowerCase().contains("reset"),
          "TCP reset, not a clean close: " + e);
    }
    try (RawHttp fresh = new RawHttp(proxy.port())) {
      assertThrows(IOException.class, () -> fresh.exchange("/"), "new connections reset too");
    }
    proxy.faults().off(Fault.Kind.RESET);
    try (RawHttp w = new RawHttp(proxy.port())) {
      assertEquals(200, w.exchange("/").status(), "answered again once off");
    }
    assertTrue(proxy.stats().resets() >= 2, "resets counted: " + proxy.stats().resets());
  }

  @Test
  void blackHoleAcceptsButNeverAnswers() throws IOException {
    on("blackhole");
    long servedBefore = target.requestsServed();
    try (RawHttp w = new RawHttp(proxy.port(), 700)) {
      w.get("/");
      assertThrows(SocketTimeoutException.class, w::read, "no answer within 700 ms");
    }
    assertEquals(servedBefore, target.requestsServed(), "the request never reached the target");
    proxy.faults().clear();
    try (RawHttp w = new RawHttp(proxy.port())) {
      assertEquals(200, w.exchange("/").status());
    }
  }

  @Test
  void statusAnswersEveryRequestItselfAndTheTargetSeesNone() throws IOException {
    on("status 503");
    try (RawHttp w = new RawHttp(proxy.port())) {
      for (int i = 0; i < 5; i++) {
        RawHttp.Response r = w.exchange("/");
        assertEquals(503, r.status());
        assertEquals("status", r.headers().get("x-harness-fault"));
      }
      // A request body is swallowed with its request, so the next request still parses.
      w.post("/echo", "dropped");
      assertEquals(503, w.read().status());
      proxy.faults().off(Fault.Kind.STATUS);
      assertEquals(200, w.exchange("/").status(), "same connection answered by the target again");
    }
    assertEquals(1, target.requestsServed(), "only the request after the fault reached it");
    assertEquals(6, proxy.stats().injected());
  }

  @Test
  void statusShareInjectsAboutThatShareAndKeepsAnswersInOrder() throws IOException {
    on("status 500 50%");
    int errors = 0;
    try (RawHttp w = new RawHttp(proxy.port())) {
      // Pipelined (within the codec's depth limit of 128), so injected answers must wait for the
      // target's answers before them.
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 120; i++) {
        sb.append("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n")
            .append(String.format("%03d", i));
      }
      w.send(sb.toString());
      for (int i = 0; i < 120; i++) {
        RawHttp.Response r = w.read();
        if (r.status() == 500) {
          errors++;
        } else {
          assertEquals(String.format("%03d", i), r.body(), "answer " + i + " in request order");
        }
      }
    }
    assertTrue(errors > 30 && errors < 90, "about half injected (binomial, 120 draws): " + errors);
  }

  @Test
  void closeAfterCutsTheStreamAtThatManyBytes() throws IOException {
    on("close-after 20");
    try (RawHttp w = new RawHttp(proxy.port())) {
      w.get("/");
      byte[] got = w.readToEnd();
      assertEquals(20, got.length, "exactly 20 bytes, then closed");
      assertTrue(new String(got, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200"));
    }
    assertEquals(1, proxy.stats().closedAfterBytes());
  }

  @Test
  void bandwidthSlowsALargeAnswer() throws IOException {
    on("bandwidth 20KB/s");
    String body = "x".repeat(10_000);
    try (RawHttp w = new RawHttp(proxy.port())) {
      long t0 = System.nanoTime();
      w.post("/echo", body);
      assertEquals(body, w.read().body());
      long ms = millisSince(t0);
      assertTrue(ms >= 400, "10 kB at 20 kB/s takes about 500 ms, took " + ms + " ms");
    }
  }

  @Test
  void malformedRequestGets400AndTheProxyCarriesOn() throws IOException {
    try (RawHttp w = new RawHttp(proxy.port())) {
      w.send("this is not HTTP at all\r\n\r\n");
      RawHttp.Response r = w.read();
      assertEquals(400, r.status());
      assertTrue(r.body().startsWith("bad request"), r.body());
    }
    try (RawHttp w = new RawHttp(proxy.port())) {
      assertEquals(200, w.exchange("/").status(), "the next client is served");
    }
  }

  @Test
  void deadUpstreamResetsTheClientAndTheProxyStaysUp() throws IOException {
    int port = target.port();
    target.close();
    try (RawHttp w = new RawHttp(proxy.port())) {
      assertThrows(IOException.class, () -> w.exchange("/"));
    }
    assertTrue(proxy.stats().upstreamFailures() >= 1);
    target = TargetServer.start(TargetConfig.builder().port(port).build());
    try (RawHttp w = new RawHttp(proxy.port())) {
      assertEquals(200, w.exchange("/").status(), "upstream back, proxy answers again");
    }
  }

  @Test
  void portInUseIsOneClearError() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                FaultProxy.start(
                    ProxyConfig.to("127.0.0.1", target.port()).toBuilder()
                        .listenHost("127.0.0.1")
                        .listenPort(proxy.port())
                        .build()));
    assertTrue(
        e.getMessage().startsWith("cannot listen on 127.0.0.1:" + proxy.port()), e.getMessage());
  }

  @Test
  void bytesGoThroughUnchanged() throws IOException {
    // Non-ASCII and CRLF inside a body come back byte for byte through the codecs.
    String body = "a\r\nb\u00e9\u4e2d";
    try (RawHttp w = new RawHttp(proxy.port())) {
      w.post("/echo", body);
      assertArrayEquals(
          body.getBytes(StandardCharsets.UTF_8), w.read().body().getBytes(StandardCharsets.UTF_8));
    }
  }
}
