package dev.harness.engine.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harness.engine.testkit.Await;
import dev.harness.engine.testkit.RawHttp;
import dev.harness.engine.testkit.TargetExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The control API over real HTTP: switching faults, and bad input that never hurts the proxy. */
class ControlApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  // An instance field: a target per test, like the proxy and control server started for it.
  @RegisterExtension final TargetExtension target = TargetExtension.withDefaults();
  private FaultProxy proxy;
  private ControlServer control;

  @BeforeEach
  void start() {
    proxy = FaultProxy.start(ProxyConfig.to("127.0.0.1", target.port()));
    control = ControlServer.start("127.0.0.1", 0, proxy);
  }

  @AfterEach
  void stop() {
    control.close();
    proxy.close();
  }

  private record Answer(int status, String body) {
    JsonNode json() throws IOException {
      return JSON.readTree(body);
    }
  }

  private Answer call(String method, String path, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(control.url() + path)).timeout(Duration.ofSeconds(5));
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.body());
  }

  private int proxiedStatus() throws IOException {
    try (RawHttp w = new RawHttp(proxy.port())) {
      return w.exchange("/").status();
    }
  }

  @Test
  void switchesAFaultOnListsItAndSwitchesItOff() throws Exception {
    Answer on = call("POST", "/faults", "{\"fault\": \"status 503\"}");
    assertEquals(201, on.status(), on.body());
    assertEquals("status", on.json().get("kind").asText());
    assertEquals("status 503", on.json().get("fault").asText());
    assertEquals(503, proxiedStatus(), "the proxy injects it at once");

    Answer list = call("GET", "/faults", null);
    assertEquals(200, list.status());
    assertEquals(1, list.json().size(), list.body());
    assertEquals("status 503", list.json().get(0).get("fault").asText());

    Answer root = call("GET", "/", null);
    assertEquals("http", root.json().get("mode").asText());
    assertEquals("127.0.0.1:" + target.port(), root.json().get("upstream").asText());
    assertEquals(1, root.json().get("connections").get("injected").asLong(), root.body());

    assertEquals(204, call("DELETE", "/faults/status", null).status());
    assertEquals(200, proxiedStatus(), "answered by the target again");
    assertEquals(404, call("DELETE", "/faults/status", null).status(), "nothing left to delete");
  }

  @Tag("timing")
  @Test
  void aFaultWithForSwitchesItselfOff() throws Exception {
    // A second, not less: the request right after switching it on must still see the fault on a
    // busy machine.
    Answer on = call("POST", "/faults", "{\"fault\": \"status 500\", \"for\": \"1s\"}");
    assertEquals(201, on.status(), on.body());
    assertEquals(500, proxiedStatus());
    Await.until("the fault switched itself off", () -> proxy.faults().current().isEmpty());
    assertEquals(200, proxiedStatus(), "off again after its second");
  }

  @Test
  void statusIsRefusedByATcpProxy() throws Exception {
    try (FaultProxy tcp =
            FaultProxy.start(
                ProxyConfig.to("127.0.0.1", target.port()).toBuilder().http(false).build());
        ControlServer api = ControlServer.start("127.0.0.1", 0, tcp)) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(api.url() + "/faults"))
                  .POST(HttpRequest.BodyPublishers.ofString("{\"fault\": \"status 503\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(400, r.statusCode(), r.body());
      assertTrue(r.body().contains("needs the proxy in http mode"), r.body());
      assertEquals(0, tcp.faults().active().size());
    }
  }

  @Test
  void deleteAllClearsEveryFault() throws Exception {
    call("POST", "/faults", "{\"fault\": \"latency 10ms\"}");
    call("POST", "/faults", "{\"fault\": \"bandwidth 1MB/s\"}");
    assertEquals(2, call("GET", "/faults", null).json().size());
    assertEquals(204, call("DELETE", "/faults", null).status());
    assertEquals(0, call("GET", "/faults", null).json().size());
  }

  @Test
  void badInputGetsAOneLineErrorAndTheProxyKeepsWorking() throws Exception {
    String[][] cases = {
      {"POST", "/faults", "not json", "400", "body must be JSON"},
      {"POST", "/faults", "[1,2]", "400", "\"fault\" string"},
      {"POST", "/faults", "{\"fault\": \"jam 3s\"}", "400", "unknown fault"},
      {"POST", "/faults", "{\"fault\": \"latency fast\"}", "400", "fault 'latency fast'"},
      {"POST", "/faults", "{\"fault\": \"reset\", \"for\": \"soon\"}", "400", "for"},
      {"POST", "/faults", "{\"fault\": \"reset\", \"when\": 1}", "400", "unknown field"},
      {"GET", "/nowhere", null, "404", "no such endpoint"},
      {"DELETE", "/faults/jam", null, "404", "unknown fault kind"},
      {"PUT", "/faults", "{}", "405", "not allowed"},
      {"POST", "/faults", "{\"fault\": \"latency 1000000h\"}", "400", "at most 1h"},
      {"POST", "/faults", "{\"fault\": \"latency 1s jitter 2h\"}", "400", "at most 1h"},
      {"POST", "/faults", "{\"fault\": \"reset\", \"for\": \"1000000h\"}", "400", "24h"},
      {"POST", "/faults", "{\"fault\": \"" + "x".repeat(20_000) + "\"}", "413", "larger than"},
    };
    for (String[] c : cases) {
      Answer a = call(c[0], c[1], c[2]);
      String what = c[0] + " " + c[1] + " " + c[2] + " -> " + a.status() + " " + a.body();
      assertEquals(Integer.parseInt(c[3]), a.status(), what);
      String error = a.json().get("error").asText();
      assertTrue(error.contains(c[4]), what);
      assertTrue(!error.contains("\n"), "one line: " + what);
    }
    assertEquals(0, proxy.faults().active().size(), "no bad request switched anything on");

    try (RawHttp garbage = new RawHttp(control.port())) {
      garbage.send("\u0001\u0002 garbage \r\n\r\n");
      assertEquals(400, garbage.read().status(), "malformed HTTP gets 400");
    }
    assertEquals(200, call("GET", "/", null).status(), "the API still answers");
    assertEquals(200, proxiedStatus(), "and the proxy still relays");
  }

  @Test
  void everyRefusalHasAJsonBodyEvenTheCodecs() throws Exception {
    try (RawHttp w = new RawHttp(control.port())) {
      // A declared body over the limit, with Expect: the aggregator's own refusal.
      w.send(
          "POST /faults HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n"
              + "Expect: 100-continue\r\n\r\n");
      RawHttp.Response r = w.read();
      assertEquals(413, r.status());
      assertTrue(JSON.readTree(r.body()).get("error").asText().contains("larger than"), r.body());
    }
    try (RawHttp w = new RawHttp(control.port())) {
      w.send("POST /faults HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n");
      w.send("{".repeat(20_000));
      RawHttp.Response r = w.read();
      assertEquals(413, r.status());
      assertTrue(JSON.readTree(r.body()).has("error"), r.body());
    }
    try (RawHttp w = new RawHttp(control.port())) {
      w.send("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
      RawHttp.Response r = w.read();
      assertTrue(r.status() >= 400 && r.status() < 500, "status " + r.status());
      assertTrue(JSON.readTree(r.body()).has("error"), r.body());
    }
    assertEquals(200, call("GET", "/", null).status(), "the API still answers");
  }
}
