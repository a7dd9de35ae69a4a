package dev.harness.engine.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harness.engine.testkit.RawHttp;
import dev.harness.engine.testkit.TargetExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The login flow against a real server on loopback, the way a scenario drives it: values are taken
 * out of answers by JSON pointer ({@code /csrfToken}, {@code /accessToken}).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AuthRoutesTest {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LOGIN = "{\"username\":\"alice\",\"password\":\"s3cret\"}";

  @RegisterExtension static final TargetExtension target = TargetExtension.withDefaults();

  private static HttpResponse<String> send(
      TargetServer target, String method, String path, String body, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(target.url() + path))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String csrfToken(TargetServer target) throws Exception {
    HttpResponse<String> answer = send(target, "GET", "/api/auth/csrf-token", null);
    assertEquals(200, answer.statusCode(), "csrf-token status, body " + answer.body());
    return json(answer).at("/csrfToken").asText();
  }

  private static HttpResponse<String> login(TargetServer target, String csrf, String body)
      throws Exception {
    return send(
        target,
        "POST",
        "/api/auth/token",
        body,
        "X-CSRF-Token",
        csrf,
        "Content-Type",
        "application/json");
  }

  private static String accessToken(TargetServer target) throws Exception {
    HttpResponse<String> answer = login(target, csrfToken(target), LOGIN);
    assertEquals(200, answer.statusCode(), "token status, body " + answer.body());
    return json(answer).at("/accessToken").asText();
  }

  private static HttpResponse<String> getWithToken(String path, String jwt) throws Exception {
    return send(target.server(), "GET", path, null, "Authorization", "Bearer " + jwt);
  }

  private static JsonNode json(HttpResponse<String> answer) throws Exception {
    assertEquals(
        "application/json",
        answer.headers().firstValue("content-type").orElse(null),
        "content-type of " + answer.uri());
    return JSON.readTree(answer.body());
  }

  private static void assertError(int status, String error, HttpResponse<String> answer)
      throws Exception {
    assertEquals(status, answer.statusCode(), "status, body " + answer.body());
    assertEquals(error, json(answer).at("/error").asText(), "error in " + answer.body());
  }

  @Test
  void logsInWithCsrfTokenThenCallsTheApiAsThatUser() throws Exception {
    String csrf = csrfToken(target.server());
    HttpResponse<String> token = login(target.server(), csrf, LOGIN);
    assertEquals(200, token.statusCode(), "token status, body " + token.body());
    JsonNode tokenJson = json(token);
    assertEquals("Bearer", tokenJson.at("/tokenType").asText(), "tokenType in " + tokenJson);
    assertEquals(900, tokenJson.at("/expiresIn").asInt(), "expiresIn in " + tokenJson);
    String jwt = tokenJson.at("/accessToken").asText();

    HttpResponse<String> me = getWithToken("/api/me", jwt);
    assertEquals(200, me.statusCode(), "/api/me status, body " + me.body());
    assertEquals(JSON.readTree("{\"user\":\"alice\"}"), json(me), "/api/me body");

    HttpResponse<String> items = getWithToken("/api/items", jwt);
    assertEquals(200, items.statusCode(), "/api/items status, body " + items.body());
    JsonNode itemsJson = json(items);
    assertEquals("alice", itemsJson.at("/user").asText(), "user in " + itemsJson);
    assertEquals(3, itemsJson.at("/items").size(), "items in " + itemsJson);
    assertEquals(1, itemsJson.at("/items/0/id").asInt(), "first item id in " + itemsJson);
  }

  @Test
  void aCsrfTokenServesMoreThanOneLogin() throws Exception {
    // Stateless tokens cannot be spent; scenarios may fetch one per virtual user and reuse it.
    String csrf = csrfToken(target.server());
    assertEquals(200, login(target.server(), csrf, LOGIN).statusCode(), "first login");
    assertEquals(200, login(target.server(), csrf, LOGIN).statusCode(), "second login, same token");
  }

  @Test
  void refusesTokenRequestWithoutCsrfToken() throws Exception {
    HttpResponse<String> answer =
        send(target.server(), "POST", "/api/auth/token", LOGIN, "Content-Type", "application/json");
    assertError(403, "invalid csrf token", answer);
  }

  @Test
  void refusesTokenRequestWithTamperedCsrfToken() throws Exception {
    String csrf = csrfToken(target.server());
    int middle = csrf.length() / 2;
    char flipped = csrf.charAt(middle) == 'A' ? 'B' : 'A';
    String tampered = csrf.substring(0, middle) + flipped + csrf.substring(middle + 1);

    assertError(403, "invalid csrf token", login(target.server(), tampered, LOGIN));
  }

  @Test
  void refusesMalformedLoginBodies() throws Exception {
    String csrf = csrfToken(target.server());
    String[][] cases = {
      {"not json", "body must be a JSON object with string fields username and password"},
      {"", "body must be a JSON object with string fields username and password"},
      {"[1,2]", "body must be a JSON object with string fields username and password"},
      {LOGIN + " {}", "body must be a JSON object with string fields username and password"},
      {"{\"password\":\"p\"}", "username is missing"},
      {"{\"username\":\"\",\"password\":\"p\"}", "username is missing"},
      {"{\"username\":42,\"password\":\"p\"}", "username is missing"},
      {"{\"username\":\"alice\"}", "password is missing"},
      {"{\"username\":\"alice\",\"password\":\"\"}", "password is missing"},
    };
    for (String[] c : cases) {
      HttpResponse<String> answer = login(target.server(), csrf, c[0]);
      assertEquals(400, answer.statusCode(), "status for body '" + c[0] + "': " + answer.body());
      assertEquals(c[1], json(answer).at("/error").asText(), "error for body '" + c[0] + "'");
    }
  }

  @Test
  void refusesThePasswordWrong() throws Exception {
    HttpResponse<String> answer =
        login(
            target.server(),
            csrfToken(target.server()),
            "{\"username\":\"alice\",\"password\":\"wrong\"}");
    assertError(401, "invalid credentials", answer);
  }

  @Test
  void asksForABearerTokenWhenAuthorizationIsMissing() throws Exception {
    for (HttpResponse<String> answer :
        List.of(
            send(target.server(), "GET", "/api/me", null),
            send(target.server(), "GET", "/api/me", null, "Authorization", "Basic YWxpY2U6cw=="))) {
      assertError(401, "missing bearer token", answer);
      assertEquals(
          "Bearer",
          answer.headers().firstValue("www-authenticate").orElse(null),
          "WWW-Authenticate");
    }
  }

  @Test
  void refusesAJwtWithATamperedSignature() throws Exception {
    String jwt = accessToken(target.server());
    int signature = jwt.lastIndexOf('.') + 1;
    char flipped = jwt.charAt(signature) == 'A' ? 'B' : 'A';
    String tampered = jwt.substring(0, signature) + flipped + jwt.substring(signature + 1);

    HttpResponse<String> answer = getWithToken("/api/me", tampered);
    assertError(401, "invalid token", answer);
    assertTrue(
        answer.headers().firstValue("www-authenticate").orElse("").startsWith("Bearer"),
        "WWW-Authenticate: " + answer.headers().firstValue("www-authenticate"));
  }

  @Test
  void refusesAJwtSignedByAnotherServer() throws Exception {
    String foreign;
    try (TargetServer other = TargetServer.start(TargetConfig.defaults())) {
      foreign = accessToken(other);
    }
    assertError(401, "invalid token", getWithToken("/api/me", foreign));
  }

  @Test
  void refusesAMalformedJwt() throws Exception {
    assertError(401, "invalid token", getWithToken("/api/me", "not.a.jwt"));
    assertError(401, "invalid token", getWithToken("/api/items", "x"));
  }

  @Test
  void answersOneItemOr404() throws Exception {
    String jwt = accessToken(target.server());

    HttpResponse<String> two = getWithToken("/api/items/2", jwt);
    assertEquals(200, two.statusCode(), "/api/items/2 status, body " + two.body());
    assertEquals(JSON.readTree("{\"id\":2,\"name\":\"mouse\"}"), json(two), "/api/items/2");

    assertError(404, "no such item", getWithToken("/api/items/999", jwt));
    assertError(404, "no such item", getWithToken("/api/items/x", jwt));
  }

  @Test
  void answers405WithAllowForAWrongMethod() throws Exception {
    String[][] cases = {
      {"GET", "/api/auth/token", "POST"},
      {"POST", "/api/auth/csrf-token", "GET"},
      {"DELETE", "/api/me", "GET"},
      {"PUT", "/api/items/2", "GET"},
    };
    for (String[] c : cases) {
      HttpResponse<String> answer = send(target.server(), c[0], c[1], null);
      assertEquals(405, answer.statusCode(), c[0] + " " + c[1] + ": " + answer.body());
      assertEquals(
          c[2], answer.headers().firstValue("allow").orElse(null), "Allow of " + c[0] + " " + c[1]);
    }
  }

  @Test
  void unknownApiPathsAre404() throws Exception {
    assertEquals(
        404, send(target.server(), "GET", "/api/nothing", null).statusCode(), "/api/nothing");
  }

  @Test
  void loginNeverGetsAnInjectedError() throws Exception {
    try (TargetServer failing = TargetServer.start(TargetConfig.builder().errorRate(1.0).build())) {
      assertEquals(500, send(failing, "GET", "/", null).statusCode(), "/ with error-rate 1");
      String jwt = accessToken(failing);
      HttpResponse<String> me =
          send(failing, "GET", "/api/me", null, "Authorization", "Bearer " + jwt);
      assertEquals(200, me.statusCode(), "/api/me with error-rate 1: " + me.body());
    }
  }

  @Test
  void runsTheFlowOnOneKeptAliveConnectionAndHonoursConnectionClose() throws Exception {
    try (RawHttp connection = new RawHttp(target.port())) {
      connection.get("/api/auth/csrf-token");
      RawHttp.Response csrf = connection.read();
      assertEquals(200, csrf.status(), "csrf-token status");
      assertFalse(csrf.headers().containsKey("connection"), "Connection header on keep-alive");

      String body = LOGIN;
      connection.send(
          "POST /api/auth/token HTTP/1.1\r\nHost: 127.0.0.1\r\nX-CSRF-Token: "
              + JSON.readTree(csrf.body()).at("/csrfToken").asText()
              + "\r\nContent-Type: application/json\r\nContent-Length: "
              + body.length()
              + "\r\n\r\n"
              + body);
      RawHttp.Response token = connection.read();
      assertEquals(200, token.status(), "token status, body " + token.body());

      connection.send(
          "GET /api/me HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
              + JSON.readTree(token.body()).at("/accessToken").asText()
              + "\r\nConnection: close\r\n\r\n");
      RawHttp.Response me = connection.read();
      assertEquals(200, me.status(), "/api/me status, body " + me.body());
      assertEquals("close", me.headers().get("connection"), "connection header");
      assertTrue(connection.closedByServer(), "expected the server to close the connection");
    }
  }
}
