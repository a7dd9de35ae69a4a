package dev.harness.engine.target;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.harness.engine.time.Durations;
import dev.harness.engine.time.InvalidInputException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Maps a request to its answer:
 *
 * <ul>
 *   <li>{@code /} (any method, any query): {@code 200 ok}, after the configured delay; a share
 *       {@code errorRate} of them {@code 500} instead
 *   <li>{@code /health}: {@code 200 {"status":"UP"}}, never delayed, never failed, not limited
 *   <li>{@code /status/{code}}: that status, 100-599, with an empty body; after a 1xx the
 *       connection is closed
 *   <li>{@code /echo}: the request body and Content-Type back
 *   <li>{@code /delay/{duration}}: {@code 200 ok} after that duration
 *   <li>{@code /leak?kib=N}: {@code 200}, after keeping N KiB (default 64, at most 1024) that are
 *       never freed while the server runs, up to 256 MiB in all: memory that grows on purpose, for
 *       leak tests; see {@link Leak}
 *   <li>{@code /limited}: {@code 200 ok} up to the rate limit, {@code 429} with {@code Retry-After}
 *       beyond it (one {@link RateLimit} for the whole server); never delayed
 *   <li>{@code GET /api/auth/csrf-token}: {@code 200 {"csrfToken":"..."}}, valid 10 minutes
 *   <li>{@code POST /api/auth/token} with header {@code X-CSRF-Token} and body {@code
 *       {"username":"...","password":"..."}}: {@code 200
 *       {"accessToken":"<jwt>","tokenType":"Bearer","expiresIn":900}}; {@code 403} for a missing,
 *       forged or expired CSRF token, {@code 400} for a bad body, {@code 401} for the password
 *       {@code wrong} (any other is accepted)
 *   <li>{@code GET /api/me}, {@code /api/items}, {@code /api/items/{id}} with {@code Authorization:
 *       Bearer <jwt>}: {@code {"user":"..."}}, the items, one item or {@code 404}, after the
 *       configured delay; {@code 401} without a valid token. A wrong method on an {@code /api/}
 *       route: {@code 405} with {@code Allow}. See {@link AuthRoutes}
 *   <li>anything else: {@code 404}; a request the codec could not read: {@code 400} and close
 * </ul>
 *
 * <p>Every route except {@code /health} counts against the concurrency limit, so a readiness probe
 * never queues behind the load. The error rate applies to {@code /} only. Stateless apart from the
 * config and the signing secret: thread-safe, shared by all event loops.
 */
final class Routes {
  private static final byte[] OK = "ok\n".getBytes(UTF_8);
  private static final byte[] INJECTED_ERROR = "injected error\n".getBytes(UTF_8);
  private static final byte[] UP = "{\"status\":\"UP\"}".getBytes(UTF_8);
  private static final byte[] DOWN = "{\"status\":\"DOWN\"}".getBytes(UTF_8);
  private static final byte[] LIMITED = "rate limited\n".getBytes(UTF_8);

  private final TargetConfig config;
  private final Delay delay;
  private final double errorRate;
  private final RateLimit rateLimit;
  private volatile long startedAtNanos = System.nanoTime();
  private volatile Supplier<String> metrics;
  private final Supplier<AuthTokens> tokens;
  private volatile AuthRoutes auth;
  private final Leak leak = new Leak();

  /** Routes with a fresh signing secret: tokens issued by another server are refused. */
  Routes(TargetConfig config) {
    this(config, () -> new AuthTokens(AuthTokens.randomSecret(), Clock.systemUTC()));
  }

  /**
   * @param tokens called once, on the first {@code /api/} request
   */
  Routes(TargetConfig config, Supplier<AuthTokens> tokens) {
    this.config = config;
    this.delay = config.delay();
    this.errorRate = config.errorRate();
    this.rateLimit = new RateLimit(config.rateLimit());
    this.tokens = tokens;
  }

  /** Counts the health-down window from {@code nanos} (System.nanoTime), the server's start. */
  void startedAt(long nanos) {
    startedAtNanos = nanos;
  }

  /** Serves {@code scrape} at {@code /metrics} (Prometheus text); null turns the route off. */
  void metrics(Supplier<String> scrape) {
    metrics = scrape;
  }

  /** The answer to {@code request}; the caller still owns (and releases) the request. */
  PendingAnswer answer(FullHttpRequest request, ByteBufAllocator alloc) {
    if (!request.decoderResult().isSuccess()) {
      FullHttpResponse bad =
          text(
              HttpVersion.HTTP_1_1,
              HttpResponseStatus.BAD_REQUEST,
              "malformed request\n",
              alloc,
              false);
      return new PendingAnswer(bad, 0, false, true);
    }
    HttpVersion version = request.protocolVersion();
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    String path = path(request.uri());

    if (path.equals("/")) {
      boolean fail = errorRate > 0 && ThreadLocalRandom.current().nextDouble() < errorRate;
      FullHttpResponse r =
          fail
              ? response(
                  version,
                  HttpResponseStatus.INTERNAL_SERVER_ERROR,
                  HttpHeaderValues.TEXT_PLAIN,
                  bytes(alloc, INJECTED_ERROR),
                  keepAlive)
              : response(
                  version,
                  HttpResponseStatus.OK,
                  HttpHeaderValues.TEXT_PLAIN,
                  bytes(alloc, OK),
                  keepAlive);
      return new PendingAnswer(r, delay.nextNanos(), true, !keepAlive);
    }
    if (path.equals("/health")) {
      boolean down = config.healthDownAt(System.nanoTime() - startedAtNanos);
      FullHttpResponse r =
          response(
              version,
              down ? HttpResponseStatus.SERVICE_UNAVAILABLE : HttpResponseStatus.OK,
              HttpHeaderValues.APPLICATION_JSON,
              bytes(alloc, down ? DOWN : UP),
              keepAlive);
      return new PendingAnswer(r, 0, false, !keepAlive);
    }
    Supplier<String> m = metrics;
    if (m != null && path.equals("/metrics")) {
      FullHttpResponse r =
          response(
              version,
              HttpResponseStatus.OK,
              "text/plain; version=0.0.4; charset=utf-8",
              // Wrapped, not copied into the pool: a page that grows a few bytes must not touch
              // new pool pages, which a leak test would read as the target's memory growing.
              Unpooled.wrappedBuffer(m.get().getBytes(UTF_8)),
              keepAlive);
      return new PendingAnswer(r, 0, false, !keepAlive);
    }
    if (path.equals("/echo")) {
      String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
      FullHttpResponse r =
          response(
              version,
              HttpResponseStatus.OK,
              type == null ? HttpHeaderValues.APPLICATION_OCTET_STREAM : type,
              request.content().retainedDuplicate(),
              keepAlive);
      return new PendingAnswer(r, 0, true, !keepAlive);
    }
    if (path.equals("/limited")) {
      return limited(version, keepAlive, alloc);
    }
    if (path.equals("/leak")) {
      return leak(request.uri(), version, keepAlive, alloc);
    }
    if (path.startsWith("/status/")) {
      String code = path.substring("/status/".length());
      int status = statusCode(code);
      if (status < 0) {
        return badRequest(
            version,
            "status code must be a number from 100 to 599, got '" + code + "'\n",
            alloc,
            keepAlive);
      }
      // A 1xx is an interim answer in HTTP/1.1: the client keeps waiting for a final one, and the
      // codec would pair the next answer with this request. Closing after it keeps both honest.
      boolean keep = keepAlive && status >= 200;
      FullHttpResponse r =
          response(version, HttpResponseStatus.valueOf(status), null, Unpooled.EMPTY_BUFFER, keep);
      return new PendingAnswer(r, 0, true, !keep);
    }
    if (path.startsWith("/delay/")) {
      long nanos;
      try {
        nanos = Durations.parseNanos(path.substring("/delay/".length()), "delay");
      } catch (InvalidInputException e) {
        return badRequest(version, e.getMessage() + "\n", alloc, keepAlive);
      }
      FullHttpResponse r =
          response(
              version,
              HttpResponseStatus.OK,
              HttpHeaderValues.TEXT_PLAIN,
              bytes(alloc, OK),
              keepAlive);
      return new PendingAnswer(r, nanos, true, !keepAlive);
    }
    if (path.startsWith("/api/")) {
      PendingAnswer api = auth().answer(request, path, keepAlive, alloc);
      if (api != null) {
        return api;
      }
    }
    FullHttpResponse r =
        text(
            version, HttpResponseStatus.NOT_FOUND, "no route for " + path + "\n", alloc, keepAlive);
    return new PendingAnswer(r, 0, true, !keepAlive);
  }

  /** {@code /leak?kib=N}: keeps N KiB more (see {@link Leak}) and says how much is kept. */
  private PendingAnswer leak(
      String uri, HttpVersion version, boolean keepAlive, ByteBufAllocator alloc) {
    java.util.List<String> asked = new QueryStringDecoder(uri).parameters().get("kib");
    int kib = Leak.DEFAULT_KIB;
    if (asked != null) {
      kib = asked.get(0).matches("[0-9]{1,7}") ? Integer.parseInt(asked.get(0)) : -1;
      if (kib < 1 || kib > Leak.MAX_KIB) {
        return badRequest(
            version,
            "kib must be 1 to " + Leak.MAX_KIB + ", got '" + asked.get(0) + "'\n",
            alloc,
            keepAlive);
      }
    }
    long total = leak.keep(kib);
    String body =
        "kept " + (total >> 10) + " KiB" + (leak.full() ? " (cap reached, nothing more kept)" : "");
    FullHttpResponse r = text(version, HttpResponseStatus.OK, body + "\n", alloc, keepAlive);
    return new PendingAnswer(r, 0, true, !keepAlive);
  }

  /** {@code /limited}: ok while the rate limit allows, else 429 with when to retry. */
  private PendingAnswer limited(HttpVersion version, boolean keepAlive, ByteBufAllocator alloc) {
    long now = System.nanoTime();
    if (rateLimit.tryTake(now)) {
      FullHttpResponse ok =
          response(
              version,
              HttpResponseStatus.OK,
              HttpHeaderValues.TEXT_PLAIN,
              bytes(alloc, OK),
              keepAlive);
      return new PendingAnswer(ok, 0, true, !keepAlive);
    }
    FullHttpResponse r =
        response(
            version,
            HttpResponseStatus.TOO_MANY_REQUESTS,
            HttpHeaderValues.TEXT_PLAIN,
            bytes(alloc, LIMITED),
            keepAlive);
    r.headers().set(HttpHeaderNames.RETRY_AFTER, rateLimit.retryAfterSeconds(now));
    return new PendingAnswer(r, 0, true, !keepAlive);
  }

  /**
   * The user a JWT from {@code /api/auth/token} was issued to, or null when it is not one of ours
   * or has expired: the WebSocket routes under {@code /ws/auth/} check their tokens here.
   */
  String userOf(String jwt) {
    return auth().subjectOf(jwt);
  }

  /**
   * The {@code /api/} routes, built on the first request for one. Their crypto and JSON setup loads
   * ~500 classes and takes ~0.1 s on a cold JVM: a server that never sees {@code /api/} (the demo,
   * most tests) should not pay it, nor leave its JIT work to compete with a measured run. The one
   * event loop that builds them stalls that long once; the others wait on the lock.
   */
  private AuthRoutes auth() {
    AuthRoutes built = auth;
    if (built == null) {
      synchronized (this) {
        built = auth;
        if (built == null) {
          built = new AuthRoutes(tokens.get(), delay);
          auth = built;
        }
      }
    }
    return built;
  }

  /**
   * The path of a request target: the query and fragment cut off, and the scheme and authority of
   * an absolute-form target ({@code http://host/path}) too.
   */
  static String path(String uri) {
    int from = 0;
    if (!uri.startsWith("/")) {
      int scheme = uri.indexOf("://");
      if (scheme >= 0) {
        int slash = uri.indexOf('/', scheme + 3);
        if (slash < 0) {
          return "/";
        }
        from = slash;
      }
    }
    int to = uri.length();
    for (int i = from; i < to; i++) {
      char c = uri.charAt(i);
      if (c == '?' || c == '#') {
        to = i;
      }
    }
    return uri.substring(from, to);
  }

  /** The status code in {@code text}, or -1 unless it is a number from 100 to 599. */
  private static int statusCode(String text) {
    if (text.length() != 3) {
      return -1;
    }
    int code = 0;
    for (int i = 0; i < 3; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      code = code * 10 + (c - '0');
    }
    return code >= 100 && code <= 599 ? code : -1;
  }

  private static PendingAnswer badRequest(
      HttpVersion version, String message, ByteBufAllocator alloc, boolean keepAlive) {
    FullHttpResponse r = text(version, HttpResponseStatus.BAD_REQUEST, message, alloc, keepAlive);
    return new PendingAnswer(r, 0, false, !keepAlive);
  }

  private static FullHttpResponse text(
      HttpVersion version,
      HttpResponseStatus status,
      String message,
      ByteBufAllocator alloc,
      boolean keepAlive) {
    return response(
        version,
        status,
        HttpHeaderValues.TEXT_PLAIN,
        bytes(alloc, message.getBytes(UTF_8)),
        keepAlive);
  }

  private static ByteBuf bytes(ByteBufAllocator alloc, byte[] bytes) {
    return alloc.buffer(bytes.length).writeBytes(bytes);
  }

  /**
   * A response with the smallest header set that keeps HTTP/1.1 clients happy: Content-Length,
   * Content-Type when there is a body, and Connection only when it differs from the version's
   * default. No Date or Server header: they cost bytes on every answer and nothing reads them.
   */
  static FullHttpResponse response(
      HttpVersion version,
      HttpResponseStatus status,
      CharSequence contentType,
      ByteBuf body,
      boolean keepAlive) {
    FullHttpResponse r = new DefaultFullHttpResponse(version, status, body);
    HttpHeaders headers = r.headers();
    if (contentType != null) {
      headers.set(HttpHeaderNames.CONTENT_TYPE, contentType);
    }
    headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
    HttpUtil.setKeepAlive(headers, version, keepAlive);
    return r;
  }
}
