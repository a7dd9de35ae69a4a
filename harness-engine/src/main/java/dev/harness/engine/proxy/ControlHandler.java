package dev.harness.engine.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harness.engine.model.Fault;
import dev.harness.engine.time.Durations;
import dev.harness.engine.time.InvalidInputException;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Answers the control API. Every answer is JSON; every error is {@code {"error": "one line"}} with
 * a 4xx status, and never closes the proxy.
 *
 * <pre>
 * GET    /                 the proxy: listen, upstream, mode, faults on, counters
 * GET    /faults           the faults on: [{kind, fault, onSeconds}]
 * POST   /faults           {"fault": "latency 200ms", "for": "10s"} switches a fault on (replacing
 *                          one of its kind; "for" is optional): 201 and the fault
 * DELETE /faults/KIND      switches that kind off: 204, or 404 when it was not on
 * DELETE /faults           switches every fault off: 204
 * </pre>
 *
 * <p>Thread contract: runs on the control server's event loop; the fault switch it drives is
 * thread-safe.
 */
final class ControlHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Longest "for": a day; a fault meant to stay on is switched on without one. */
  static final long MAX_FOR_NANOS = 24 * 3_600_000_000_000L;

  private final FaultProxy proxy;
  private final EventLoopGroup timers;

  ControlHandler(FaultProxy proxy, EventLoopGroup timers) {
    this.proxy = proxy;
    this.timers = timers;
  }

  /** An answer that is a client's mistake: status and one line. */
  private static final class ApiError extends RuntimeException {
    final HttpResponseStatus status;
    final String allow;

    ApiError(HttpResponseStatus status, String message) {
      this(status, message, null);
    }

    ApiError(HttpResponseStatus status, String message, String allow) {
      super(message, null, false, false);
      this.status = status;
      this.allow = allow;
    }
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    if (request.decoderResult().isFailure()) {
      Throwable cause = request.decoderResult().cause();
      send(
          ctx,
          error(HttpResponseStatus.BAD_REQUEST, "malformed request: " + message(cause)),
          false);
      return;
    }
    FullHttpResponse response;
    try {
      response = route(request);
    } catch (ApiError e) {
      response = error(e.status, e.getMessage());
      if (e.allow != null) {
        response.headers().set(HttpHeaderNames.ALLOW, e.allow);
      }
    } catch (InvalidInputException e) {
      response = error(HttpResponseStatus.BAD_REQUEST, e.getMessage());
    } catch (RuntimeException e) {
      response = error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error: " + e);
    }
    send(ctx, response, keepAlive);
  }

  private FullHttpResponse route(FullHttpRequest request) {
    String path = request.uri();
    int q = path.indexOf('?');
    if (q >= 0) {
      path = path.substring(0, q);
    }
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    HttpMethod method = request.method();
    if (path.equals("/")) {
      allow(method, "GET", HttpMethod.GET);
      return json(HttpResponseStatus.OK, status());
    }
    if (path.equals("/faults")) {
      if (method.equals(HttpMethod.GET)) {
        return json(HttpResponseStatus.OK, faults());
      }
      if (method.equals(HttpMethod.POST)) {
        return json(HttpResponseStatus.CREATED, switchOn(request));
      }
      allow(method, "GET, POST, DELETE", HttpMethod.DELETE);
      proxy.faults().clear();
      return empty(HttpResponseStatus.NO_CONTENT);
    }
    if (path.startsWith("/faults/")) {
      allow(method, "DELETE", HttpMethod.DELETE);
      String name = path.substring("/faults/".length());
      Fault.Kind kind = Fault.Kind.byLabel(name);
      if (kind == null) {
        throw new ApiError(
            HttpResponseStatus.NOT_FOUND,
            "unknown fault kind '"
                + name
                + "' (latency, bandwidth, reset, blackhole,"
                + " close-after, status)");
      }
      if (!proxy.faults().off(kind)) {
        throw new ApiError(HttpResponseStatus.NOT_FOUND, "no " + name + " fault is on");
      }
      return empty(HttpResponseStatus.NO_CONTENT);
    }
    throw new ApiError(
        HttpResponseStatus.NOT_FOUND, "no such endpoint " + path + " (see GET / and /faults)");
  }

  private static void allow(HttpMethod method, String allowed, HttpMethod expected) {
    if (!method.equals(expected)) {
      throw new ApiError(
          HttpResponseStatus.METHOD_NOT_ALLOWED,
          method + " not allowed here (allowed: " + allowed + ")",
          allowed);
    }
  }

  private ObjectNode switchOn(FullHttpRequest request) {
    String body = request.content().toString(StandardCharsets.UTF_8);
    JsonNode node;
    try {
      node = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new ApiError(
          HttpResponseStatus.BAD_REQUEST,
          "body must be JSON like {\"fault\": \"latency 200ms\", \"for\": \"10s\"}: "
              + e.getOriginalMessage());
    }
    if (node == null || !node.isObject() || !node.path("fault").isTextual()) {
      throw new ApiError(
          HttpResponseStatus.BAD_REQUEST,
          "body must be a JSON object with a \"fault\" string, e.g. {\"fault\": \"latency 200ms\"}");
    }
    List<String> unknown = new ArrayList<>();
    node.fieldNames()
        .forEachRemaining(
            n -> {
              if (!n.equals("fault") && !n.equals("for")) {
                unknown.add(n);
              }
            });
    if (!unknown.isEmpty()) {
      throw new ApiError(
          HttpResponseStatus.BAD_REQUEST, "unknown field(s) " + unknown + " (known: fault, for)");
    }
    Fault fault = Fault.parse(node.get("fault").asText());
    if (fault.kind() == Fault.Kind.STATUS && !proxy.config().http()) {
      throw new ApiError(
          HttpResponseStatus.BAD_REQUEST,
          "fault '" + fault.text() + "' needs the proxy in http mode (this one relays tcp)");
    }
    long forNanos = 0;
    if (node.has("for")) {
      if (!node.get("for").isTextual()) {
        throw new ApiError(
            HttpResponseStatus.BAD_REQUEST, "\"for\" must be a duration string like \"10s\"");
      }
      forNanos = Durations.parseNanos(node.get("for").asText(), "for");
      if (forNanos <= 0 || forNanos > MAX_FOR_NANOS) {
        throw new ApiError(
            HttpResponseStatus.BAD_REQUEST, "\"for\" must be positive and at most 24h");
      }
    }
    FaultSet.Active active = proxy.faults().on(fault);
    if (forNanos > 0) {
      timers.schedule(() -> proxy.faults().off(active), forNanos, TimeUnit.NANOSECONDS);
    }
    ObjectNode n = describe(active, System.nanoTime());
    if (forNanos > 0) {
      n.put("forSeconds", forNanos / 1e9);
    }
    return n;
  }

  private ObjectNode status() {
    ObjectNode n = JSON.createObjectNode();
    ProxyConfig c = proxy.config();
    n.put("listen", proxy.address().toString());
    n.put("upstream", new ProxyConfig.HostPort(c.upstreamHost(), c.upstreamPort()).toString());
    n.put("mode", c.http() ? "http" : "tcp");
    n.set("faults", faults());
    ProxyStats s = proxy.stats();
    ObjectNode st = n.putObject("connections");
    st.put("accepted", s.accepted());
    st.put("open", s.open());
    st.put("upstreamFailures", s.upstreamFailures());
    st.put("lastUpstreamError", s.lastUpstreamError());
    st.put("resets", s.resets());
    st.put("closedAfterBytes", s.closedAfterBytes());
    st.put("injected", s.injected());
    st.put("badRequests", s.badRequests());
    return n;
  }

  private ArrayNode faults() {
    ArrayNode a = JSON.createArrayNode();
    long now = System.nanoTime();
    for (FaultSet.Active f : proxy.faults().active()) {
      a.add(describe(f, now));
    }
    return a;
  }

  private static ObjectNode describe(FaultSet.Active f, long now) {
    ObjectNode n = JSON.createObjectNode();
    n.put("kind", f.fault().kind().label());
    n.put("fault", f.fault().text());
    n.put("onSeconds", Math.round((now - f.sinceNanos()) / 1e6) / 1e3);
    return n;
  }

  private static FullHttpResponse json(HttpResponseStatus status, JsonNode body) {
    byte[] bytes;
    try {
      bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e); // a tree of plain nodes always serialises
    }
    FullHttpResponse r =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes, new byte[] {'\n'}));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
    return r;
  }

  /** {@code {"error": message}} with {@code status}: the shape of every error of the API. */
  static FullHttpResponse error(HttpResponseStatus status, String message) {
    ObjectNode n = JSON.createObjectNode();
    n.put("error", message);
    return json(status, n);
  }

  private static FullHttpResponse empty(HttpResponseStatus status) {
    return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
  }

  private static void send(ChannelHandlerContext ctx, FullHttpResponse r, boolean keepAlive) {
    HttpUtil.setContentLength(r, r.content().readableBytes());
    HttpUtil.setKeepAlive(r, keepAlive);
    if (keepAlive) {
      ctx.writeAndFlush(r, ctx.voidPromise());
    } else {
      ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private static String message(Throwable t) {
    return t == null ? "unknown" : String.valueOf(t.getMessage());
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close(); // one bad client connection, nothing more
  }
}
