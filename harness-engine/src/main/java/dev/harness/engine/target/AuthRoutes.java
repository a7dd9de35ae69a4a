package dev.harness.engine.target;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.InputStream;

/**
 * The {@code /api/} routes: a login flow (CSRF token, then a JWT for a username and password) and a
 * small API that wants the JWT as a bearer token. See {@link Routes} for the list and {@code
 * docs/target.md} for the flow.
 *
 * <p>Checks run in this order: route, method ({@code 405} with {@code Allow}), then the CSRF token
 * ({@code 403}), body ({@code 400}) and credentials ({@code 401}) on the token route, or the bearer
 * token ({@code 401} with {@code WWW-Authenticate}) on the API routes. Every answer is JSON and
 * counts against the concurrency limit. Only answers to an authenticated API call wait the
 * configured delay: they stand for the service's work, while a refused request costs it next to
 * nothing. No answer here is ever turned into an injected {@code 500}, so the login steps of a
 * scenario stay deterministic.
 *
 * <p>Thread-safe and stateless apart from the signing secret: shared by all event loops.
 */
final class AuthRoutes {
  static final String CSRF_HEADER = "X-CSRF-Token";

  /** Longest username accepted: its JWT has to fit in a request header when it comes back. */
  static final int MAX_USERNAME_CHARS = 256;

  /** The password that is always refused, so a scenario can try the failure path. */
  static final String WRONG_PASSWORD = "wrong";

  private static final String[] ITEM_NAMES = {"keyboard", "mouse", "monitor"};
  private static final byte[][] ITEM_JSON = new byte[ITEM_NAMES.length][];
  private static final byte[] ITEMS_PREFIX;

  static {
    StringBuilder items = new StringBuilder("{\"items\":[");
    for (int i = 0; i < ITEM_NAMES.length; i++) {
      String item = "{\"id\":" + (i + 1) + ",\"name\":\"" + ITEM_NAMES[i] + "\"}";
      ITEM_JSON[i] = item.getBytes(UTF_8);
      items.append(i == 0 ? "" : ",").append(item);
    }
    ITEMS_PREFIX = items.append("],\"user\":").toString().getBytes(UTF_8);
  }

  private static final byte[] ME_PREFIX = "{\"user\":".getBytes(UTF_8);
  private static final byte[] CLOSE_OBJECT = "}".getBytes(UTF_8);
  private static final byte[] INVALID_CSRF = error("invalid csrf token");
  private static final byte[] INVALID_CREDENTIALS = error("invalid credentials");
  private static final byte[] MISSING_TOKEN = error("missing bearer token");
  private static final byte[] INVALID_TOKEN = error("invalid token");
  private static final byte[] NOT_A_LOGIN =
      error("body must be a JSON object with string fields username and password");
  private static final byte[] MISSING_USERNAME = error("username is missing");
  private static final byte[] MISSING_PASSWORD = error("password is missing");
  private static final byte[] LONG_USERNAME =
      error("username is longer than " + MAX_USERNAME_CHARS + " characters");
  private static final byte[] NO_SUCH_ITEM = error("no such item");

  /** Streaming JSON only: databind's ObjectMapper would cost ~0.4 s and ~500 classes to load. */
  private static final JsonFactory JSON = new JsonFactory();

  private final AuthTokens tokens;
  private final Delay delay;

  AuthRoutes(AuthTokens tokens, Delay delay) {
    this.tokens = tokens;
    this.delay = delay;
  }

  /** The {@code sub} of one of our valid JWTs, or null. */
  String subjectOf(String jwt) {
    return tokens.subjectOf(jwt);
  }

  /**
   * The answer to a request for {@code path}, or {@code null} when no route here has that path. The
   * caller still owns (and releases) the request.
   */
  PendingAnswer answer(
      FullHttpRequest request, String path, boolean keepAlive, ByteBufAllocator alloc) {
    Reply reply = new Reply(request.protocolVersion(), keepAlive, alloc);
    HttpMethod method = request.method();
    switch (path) {
      case "/api/auth/csrf-token":
        return method.equals(HttpMethod.GET) ? csrfToken(reply) : reply.notAllowed("GET");
      case "/api/auth/token":
        return method.equals(HttpMethod.POST) ? login(request, reply) : reply.notAllowed("POST");
      case "/api/me":
      case "/api/items":
        break;
      default:
        if (!path.startsWith("/api/items/")) {
          return null;
        }
    }
    if (!method.equals(HttpMethod.GET)) {
      return reply.notAllowed("GET");
    }
    String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return reply.unauthorized("Bearer", MISSING_TOKEN);
    }
    String user = tokens.subjectOf(authorization.substring(7).trim());
    if (user == null) {
      return reply.unauthorized("Bearer error=\"invalid_token\"", INVALID_TOKEN);
    }
    long work = delay.nextNanos();
    if (path.equals("/api/me")) {
      return reply.json(HttpResponseStatus.OK, withUser(alloc, ME_PREFIX, user), work);
    }
    if (path.equals("/api/items")) {
      return reply.json(HttpResponseStatus.OK, withUser(alloc, ITEMS_PREFIX, user), work);
    }
    int id = itemId(path.substring("/api/items/".length()));
    if (id < 1 || id > ITEM_JSON.length) {
      return reply.json(HttpResponseStatus.NOT_FOUND, NO_SUCH_ITEM, work);
    }
    return reply.json(HttpResponseStatus.OK, ITEM_JSON[id - 1], work);
  }

  private PendingAnswer csrfToken(Reply reply) {
    String body = "{\"csrfToken\":\"" + tokens.newCsrfToken() + "\"}";
    return reply.json(HttpResponseStatus.OK, body.getBytes(UTF_8), 0);
  }

  private PendingAnswer login(FullHttpRequest request, Reply reply) {
    if (!tokens.isValidCsrfToken(request.headers().get(CSRF_HEADER))) {
      return reply.json(HttpResponseStatus.FORBIDDEN, INVALID_CSRF, 0);
    }
    Login login = Login.parse(request.content());
    if (login == null) {
      return reply.json(HttpResponseStatus.BAD_REQUEST, NOT_A_LOGIN, 0);
    }
    if (login.username == null || login.username.isEmpty()) {
      return reply.json(HttpResponseStatus.BAD_REQUEST, MISSING_USERNAME, 0);
    }
    if (login.username.length() > MAX_USERNAME_CHARS) {
      return reply.json(HttpResponseStatus.BAD_REQUEST, LONG_USERNAME, 0);
    }
    if (login.password == null || login.password.isEmpty()) {
      return reply.json(HttpResponseStatus.BAD_REQUEST, MISSING_PASSWORD, 0);
    }
    if (login.password.equals(WRONG_PASSWORD)) {
      return reply.json(HttpResponseStatus.UNAUTHORIZED, INVALID_CREDENTIALS, 0);
    }
    String body =
        "{\"accessToken\":\""
            + tokens.newAccessToken(login.username)
            + "\",\"tokenType\":\"Bearer\",\"expiresIn\":"
            + AuthTokens.ACCESS_TTL_SECONDS
            + "}";
    return reply.json(HttpResponseStatus.OK, body.getBytes(UTF_8), 0);
  }

  /** {@code prefix}, the user as a JSON string, then {@code }}; written straight into a buffer. */
  private static ByteBuf withUser(ByteBufAllocator alloc, byte[] prefix, String user) {
    byte[] quoted = JsonStringEncoder.getInstance().quoteAsUTF8(user);
    ByteBuf body = alloc.buffer(prefix.length + quoted.length + 3);
    return body.writeBytes(prefix)
        .writeByte('"')
        .writeBytes(quoted)
        .writeByte('"')
        .writeBytes(CLOSE_OBJECT);
  }

  /** The item id in {@code text}, or -1 unless it is a small decimal number. */
  private static int itemId(String text) {
    if (text.isEmpty() || text.length() > 9) {
      return -1;
    }
    int id = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      id = id * 10 + (c - '0');
    }
    return id;
  }

  private static byte[] error(String message) {
    return ("{\"error\":\"" + message + "\"}").getBytes(UTF_8);
  }

  /** A login body; a field is null when it is missing or not a string. */
  private record Login(String username, String password) {
    /** The login in {@code body}, or null unless it is exactly one JSON object. */
    static Login parse(ByteBuf body) {
      String username = null;
      String password = null;
      try (JsonParser parser =
          JSON.createParser((InputStream) new ByteBufInputStream(body.duplicate()))) {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
          return null;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          JsonToken value = parser.nextToken();
          String text = value == JsonToken.VALUE_STRING ? parser.getText() : null;
          if (name.equals("username")) {
            username = text;
          } else if (name.equals("password")) {
            password = text;
          } else {
            parser.skipChildren();
          }
        }
        if (parser.nextToken() != null) {
          return null; // more after the object
        }
      } catch (IOException e) {
        return null; // not JSON
      }
      return new Login(username, password);
    }
  }

  /** What every answer to one request shares: version, keep-alive, allocator. */
  private record Reply(HttpVersion version, boolean keepAlive, ByteBufAllocator alloc) {
    PendingAnswer json(HttpResponseStatus status, byte[] body, long workNanos) {
      return json(status, alloc.buffer(body.length).writeBytes(body), workNanos);
    }

    PendingAnswer json(HttpResponseStatus status, ByteBuf body, long workNanos) {
      return new PendingAnswer(answer(status, body), workNanos, true, !keepAlive);
    }

    PendingAnswer notAllowed(String allow) {
      byte[] body = error("method not allowed, use " + allow);
      FullHttpResponse r =
          answer(HttpResponseStatus.METHOD_NOT_ALLOWED, alloc.buffer(body.length).writeBytes(body));
      r.headers().set(HttpHeaderNames.ALLOW, allow);
      return new PendingAnswer(r, 0, true, !keepAlive);
    }

    PendingAnswer unauthorized(String challenge, byte[] body) {
      FullHttpResponse r =
          answer(HttpResponseStatus.UNAUTHORIZED, alloc.buffer(body.length).writeBytes(body));
      r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, challenge);
      return new PendingAnswer(r, 0, true, !keepAlive);
    }

    private FullHttpResponse answer(HttpResponseStatus status, ByteBuf body) {
      return Routes.response(version, status, HttpHeaderValues.APPLICATION_JSON, body, keepAlive);
    }
  }
}
