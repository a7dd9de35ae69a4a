package dev.harness.engine.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.harness.engine.testkit.RawHttp;
import dev.harness.engine.time.InvalidInputException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Drives a real server on loopback. Timing checks only ever assert lower bounds: the build machine
 * is small and busy, so an answer may always come later than planned, never sooner.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TargetServerTest {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private static TargetServer start(TargetConfig config) {
    return TargetServer.start(config);
  }

  private static HttpResponse<String> send(
      TargetServer server,
      String method,
      String path,
      HttpRequest.BodyPublisher body,
      String contentType)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.url() + path))
            .timeout(Duration.ofSeconds(10))
            .method(method, body);
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(TargetServer server, String path) throws Exception {
    return send(server, "GET", path, HttpRequest.BodyPublishers.noBody(), null);
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  @Test
  void answersTwoRequestsOnOneKeptAliveConnection() throws Exception {
    try (TargetServer server = start(TargetConfig.defaults());
        RawHttp connection = new RawHttp(server.port())) {
      for (int i = 1; i <= 2; i++) {
        connection.get("/");
        RawHttp.Response response = connection.read();
        assertEquals(200, response.status(), "status of request " + i);
        assertEquals("ok\n", response.body(), "body of request " + i);
        assertEquals("text/plain", response.headers().get("content-type"), "content-type");
        assertEquals("3", response.headers().get("content-length"), "content-length");
        assertNull(
            response.headers().get("connection"),
            "expected no Connection header on a kept-alive HTTP/1.1 answer, got "
                + response.headers().get("connection"));
      }
      assertEquals(2, server.requestsServed(), "requests served");
    }
  }

  @Test
  void answersPipelinedRequestsInOrderEvenWhenTheLaterIsReadyFirst() throws Exception {
    try (TargetServer server = start(TargetConfig.defaults());
        RawHttp connection = new RawHttp(server.port())) {
      connection.send(
          RawHttp.request("GET", "/delay/150ms") + RawHttp.request("GET", "/status/201"));
      RawHttp.Response first = connection.read();
      RawHttp.Response second = connection.read();
      assertEquals(200, first.status(), "expected the delayed 200 first, got " + first.status());
      assertEquals(
          201, second.status(), "expected the immediate 201 second, got " + second.status());
    }
  }

  @Test
  void closesTheConnectionAfterAnsweringConnectionClose() throws Exception {
    try (TargetServer server = start(TargetConfig.defaults());
        RawHttp connection = new RawHttp(server.port())) {
      connection.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
      RawHttp.Response response = connection.read();
      assertEquals(200, response.status(), "status");
      assertEquals("close", response.headers().get("connection"), "connection header");
      assertTrue(connection.closedByServer(), "expected the server to close the connection");
    }
  }

  @Test
  void closesHttp10ConnectionsWithoutKeepAlive() throws Exception {
    try (TargetServer server = start(TargetConfig.defaults());
        RawHttp connection = new RawHttp(server.port())) {
      connection.send("GET / HTTP/1.0\r\n\r\n");
      RawHttp.Response response = connection.read();
      assertEquals("HTTP/1.0", response.version(), "answer version");
      assertEquals(200, response.status(), "status");
      assertTrue(connection.closedByServer(), "expected the server to close the connection");
    }
  }

  @Test
  void answersRootForAnyMethodAndQuery() throws Exception {
    try (TargetServer server = start(TargetConfig.defaults())) {
      HttpResponse<String> response =
          send(
              server,
              "POST",
              "/?user=7&x=y",
              HttpRequest.BodyPublishers.ofString("ignored"),
              "text/plain");
      assertEquals(200, response.statusCode(), "status");
      assertEquals("ok\n", response.body(), "body");
    }
  }

  @Test
  void healthAnswersUpAsJson() throws Exception {
    try (TargetServer server = start(TargetConfig.defaults())) {
      HttpResponse<String> response = get(server, "/health");
      assertEquals(200, response.statusCode(), "status");
      assertEquals("{\"status\":\"UP\"}", response.body(), "body");
      assertEquals(
          "application/json",
          response.headers().firstValue("content-type").orElse(null),
          "content-type");
    }
  }

  @Test
  void statusRouteAnswersTheCodeAsked() throws Exception {
    try (TargetServer server = start(TargetConfig.defaults())) {
      for (int code : new int[] {200, 201, 204, 404, 418, 503, 599}) {
        HttpResponse<String> response = get(server, "/status/" + code);
        assertEquals(code, response.statusCode(), "status for /status/" + code);
      }
    }
  }

  @Test
  void statusRouteClosesAfterAn1xxSoLaterAnswersStayPaired() throws Exception {
    try (TargetServer server = start(TargetConfig.defaults());
        RawHttp connection = new RawHttp(server.port())) {
      connection.send(RawHttp.request("GET", "/status/100") + RawHttp.request("HEAD", "/"));
      assertEquals(100, connection.read().status(), "status");
      assertTrue(
          connection.closedByServer(),
          "expected the connection closed after a 1xx, not an answer to the pipelined HEAD");
    }
  }

  @Test
  void headAnswerHasNoBodyAndKeepsTheConnectionInStep() throws Exception {
    try (TargetServer server = start(TargetConfig.defaults());
        RawHttp connection = new RawHttp(server.port())) {
      connection.send(RawHttp.request("HEAD", "/") + RawHttp.request("GET", "/health"));
      // A HEAD answer announces the length but sends no body; read its headers only.
      RawHttp.Response head = connection.readHeadersOnly();
      assertEquals(200, head.status(), "HEAD status");
      RawHttp.Response health = connection.read();
      assertEquals("{\"status\":\"UP\"}", health.body(), "body of the answer after HEAD");
    }
  }

  @Test
  void statusRouteRejectsCodesOutside100To599() throws Exception {
    try (TargetServer server = start(TargetConfig.defaults())) {
      for (String code : new String[] {"99", "600", "abc", "2000", ""}) {
        HttpResponse<String> response = get(server, "/status/" + code);
        assertEquals(400, response.statusCode(), "status for /status/" + code);
      }
    }
  }

  @Test
  void echoReturnsTheBodyWithItsContentType() throws Exception {
    try (TargetServer server = start(TargetConfig.defaults())) {
      String json = "{\"order\":42,\"items\":[\"a\",\"b\"]}";
      HttpResponse<String> response =
          send(
              server,
              "POST",
              "/echo",
              HttpRequest.BodyPublishers.ofString(json),
              "application/json");
      assertEquals(200, response.statusCode(), "status");
      assertEquals(json, response.body(), "echoed body");
      assertEquals(
          "application/json",
          response.headers().firstValue("content-type").orElse(null),
          "content-type");
    }
  }

  @Test
  void echoDefaultsToOctetStreamWithoutContentType() throws Exception {
    try (TargetServer server = start(TargetConfig.defaults())) {
      HttpResponse<String> response =
          send(server, "PUT", "/echo", HttpRequest.BodyPublishers.ofString("raw bytes"), null);
      assertEquals("raw bytes", response.body(), "echoed body");
      assertEquals(
          "application/octet-stream",
          response.headers().firstValue("content-type").orElse(null),
          "content-type");
    }
  }

  @Test
  void delayRouteAnswersAfterTheDurationAsked() throws Exception {
    try (TargetServer server = start(TargetConfig.defaults())) {
      long start = System.nanoTime();
      HttpResponse<String> response = get(server, "/delay/120ms");
      long took = millisSince(start);
      assertEquals(200, response.statusCode(), "status");
      assertTrue(
          took >= 120, "expected the answer after at least 120ms, got it after " + took + "ms");
    }
  }

  @Test
  void delayRouteRejectsAnUnreadableDuration() throws Exception {
    try (TargetServer server = start(TargetConfig.defaults())) {
      HttpResponse<String> response = get(server, "/delay/soon");
      assertEquals(400, response.statusCode(), "status");
      assertTrue(
          response.body().contains("soon"),
          "expected the message to quote the input, got " + response.body());
    }
  }

  @Test
  void unknownPathIsNotFound() throws Exception {
    try (TargetServer server = start(TargetConfig.defaults())) {
      assertEquals(404, get(server, "/nope").statusCode(), "status for /nope");
      assertEquals(404, get(server, "/healthz").statusCode(), "status for /healthz");
    }
  }

  @Test
  void rootWaitsForTheConfiguredDelay() throws Exception {
    try (TargetServer server = start(TargetConfig.builder().delay(Delay.parse("80ms")).build())) {
      long start = System.nanoTime();
      HttpResponse<String> response = get(server, "/");
      long took = millisSince(start);
      assertEquals(200, response.statusCode(), "status");
      assertTrue(
          took >= 80, "expected the answer after at least 80ms, got it after " + took + "ms");
    }
  }

  @Test
  void errorRateOneAnswersEveryRootRequestWith500ButNotHealth() throws Exception {
    try (TargetServer server = start(TargetConfig.builder().errorRate(1.0).build());
        RawHttp connection = new RawHttp(server.port())) {
      for (int i = 0; i < 20; i++) {
        connection.get("/");
        assertEquals(500, connection.read().status(), "status of request " + i);
      }
      connection.get("/health");
      assertEquals(200, connection.read().status(), "status of /health");
    }
  }

  @Test
  void errorRateZeroNeverAnswers500() throws Exception {
    try (TargetServer server = start(TargetConfig.builder().errorRate(0.0).build());
        RawHttp connection = new RawHttp(server.port())) {
      for (int i = 0; i < 200; i++) {
        connection.get("/");
        assertEquals(200, connection.read().status(), "status of request " + i);
      }
    }
  }

  @Tag("timing")
  @Test
  void freezeHoldsAnswersUntilTheStallEnds() throws Exception {
    long stall = TimeUnit.MILLISECONDS.toNanos(300);
    long every = TimeUnit.MILLISECONDS.toNanos(600);
    try (TargetServer server =
            start(TargetConfig.builder().freezeNanos(stall).freezeEveryNanos(every).build());
        RawHttp health = new RawHttp(server.port());
        RawHttp root = new RawHttp(server.port())) {
      long origin = server.startedAtNanos();
      long stallStart = origin + every;
      long stallEnd = stallStart + stall;

      // Before the first stall the server answers as usual.
      health.get("/health");
      assertEquals(200, health.read().status(), "status before the stall");

      TimeUnit.NANOSECONDS.sleep(
          stallStart + TimeUnit.MILLISECONDS.toNanos(50) - System.nanoTime());
      long sentAt = System.nanoTime();
      health.get("/health");
      root.get("/");
      assumeTrue(
          System.nanoTime() < stallEnd - TimeUnit.MILLISECONDS.toNanos(50),
          "the machine was too slow to send inside the stall");

      for (RawHttp connection : List.of(health, root)) {
        RawHttp.Response response = connection.read();
        assertEquals(200, response.status(), "status of an answer held by the stall");
        assertTrue(
            response.receivedAtNanos() >= stallEnd,
            "expected the answer no sooner than the stall's end, "
                + TimeUnit.NANOSECONDS.toMillis(stallEnd - sentAt)
                + "ms after sending, got it after "
                + TimeUnit.NANOSECONDS.toMillis(response.receivedAtNanos() - sentAt)
                + "ms");
      }
    }
  }

  @Test
  void maxConcurrencyOneSerialisesConcurrentRequests() throws Exception {
    int requests = 8;
    long delayMillis = 25;
    TargetConfig config =
        TargetConfig.builder().delay(Delay.parse(delayMillis + "ms")).maxConcurrency(1).build();
    List<RawHttp> connections = new ArrayList<>();
    try (TargetServer server = start(config)) {
      for (int i = 0; i < requests; i++) {
        RawHttp connection = new RawHttp(server.port());
        connections.add(connection);
        // Warm the connection up on a route that is not limited, so only the limit is timed.
        connection.get("/health");
        connection.read();
      }
      long start = System.nanoTime();
      for (RawHttp connection : connections) {
        connection.get("/");
      }
      for (RawHttp connection : connections) {
        assertEquals(200, connection.read().status(), "status");
      }
      long took = millisSince(start);
      long least = requests * delayMillis;
      assertTrue(
          took >= least,
          "expected "
              + requests
              + " requests through one "
              + delayMillis
              + "ms slot to take at least "
              + least
              + "ms, took "
              + took
              + "ms");
    } finally {
      for (RawHttp connection : connections) {
        connection.close();
      }
    }
  }

  @Tag("timing")
  @Test
  void healthBypassesTheConcurrencyLimit() throws Exception {
    TargetConfig config = TargetConfig.builder().delay(Delay.parse("2s")).maxConcurrency(1).build();
    try (TargetServer server = start(config);
        RawHttp busy = new RawHttp(server.port());
        RawHttp probe = new RawHttp(server.port())) {
      busy.get("/");
      long start = System.nanoTime();
      probe.get("/health");
      assertEquals(200, probe.read().status(), "status of /health");
      long took = millisSince(start);
      assertTrue(
          took < 1500,
          "expected /health not to wait for the 2s request holding the only slot, took "
              + took
              + "ms");
    }
  }

  @Test
  void malformedRequestGets400AndCloseAndTheServerKeepsServing() throws Exception {
    try (TargetServer server = start(TargetConfig.defaults())) {
      try (RawHttp connection = new RawHttp(server.port())) {
        connection.send("THIS IS NOT HTTP\r\n\r\n");
        RawHttp.Response response = connection.read();
        assertEquals(400, response.status(), "status for a malformed request");
        assertTrue(connection.closedByServer(), "expected the server to close the connection");
      }
      try (RawHttp connection = new RawHttp(server.port())) {
        connection.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header Without Colon\r\n\r\n");
        assertEquals(400, connection.read().status(), "status for a malformed header");
      }
      assertEquals(200, get(server, "/").statusCode(), "status after the malformed requests");
    }
  }

  @Test
  void describeNamesTheUrlAndTheSettings() {
    TargetConfig config = TargetConfig.builder().delay(Delay.parse("2ms")).errorRate(0.1).build();
    try (TargetServer server = start(config)) {
      String line = server.describe();
      assertTrue(
          line.startsWith("http://127.0.0.1:" + server.port() + " "),
          "expected the line to start with the URL, got " + line);
      assertTrue(
          line.contains("delay=2ms") && line.contains("error-rate=0.1"),
          "expected delay and error-rate in the line, got " + line);
    }
  }

  @Test
  void startFailsWithOneLineWhenThePortIsTaken() {
    try (TargetServer first = start(TargetConfig.defaults())) {
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class,
              () -> start(TargetConfig.builder().port(first.port()).build()).close());
      assertTrue(
          e.getMessage().startsWith("cannot listen on 127.0.0.1:" + first.port()),
          "expected the message to name the address, got " + e.getMessage());
      assertFalse(e.getMessage().contains("\n"), "expected one line, got " + e.getMessage());
    }
  }

  @Test
  void closeStopsListeningAndMayBeCalledTwice() {
    TargetServer server = start(TargetConfig.defaults());
    int port = server.port();
    server.close();
    server.close();
    assertThrows(
        ConnectException.class,
        () -> new Socket("127.0.0.1", port).close(),
        "expected nothing listening on " + port + " after close");
  }

  @Test
  void countsEveryAnswerServed() throws Exception {
    try (TargetServer server = start(TargetConfig.defaults())) {
      get(server, "/");
      get(server, "/health");
      get(server, "/nope");
      assertEquals(3, server.requestsServed(), "requests served");
    }
  }
}
