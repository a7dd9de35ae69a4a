package dev.harness.engine.target;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.ChannelMatchers;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * The target's WebSocket endpoints, served by Netty's {@link WebSocketServerProtocolHandler} on the
 * HTTP/1.1 pipeline (an upgrade request to a path under {@code /ws}; every other request passes
 * through to the HTTP routes untouched):
 *
 * <ul>
 *   <li>{@code /ws/echo}: every text frame is sent back as it came.
 *   <li>{@code /ws/chat/{room}}: every text frame is sent to each other socket of the room.
 *   <li>{@code /ws/auth/chat/{room}}: a chat for users logged in at {@code /api/auth/token}: the
 *       upgrade needs the JWT as {@code Authorization: Bearer <jwt>} or {@code ?token=<jwt>}, else
 *       it is refused with {@code 401}. On open the socket gets {@code
 *       {"type":"welcome","user":"<user>","room":"<room>"}}; each text frame goes to every socket
 *       of the room, the sender's too, as {@code
 *       {"type":"message","room":"<room>","from":"<user>","text":"<frame>"}}.
 * </ul>
 *
 * Any other path under {@code /ws} is closed at once with 1008 (policy violation). One instance per
 * server: the rooms are shared by every connection. Thread-safe.
 */
public final class WsRoutes {
  private static final String PREFIX = "/ws";
  private static final AttributeKey<ChannelGroup> ROOM = AttributeKey.valueOf("harness.ws.room");
  private static final AttributeKey<String> USER = AttributeKey.valueOf("harness.ws.user");
  private static final String AUTH_CHAT = "/ws/auth/chat/";

  private final ConcurrentMap<String, ChannelGroup> rooms = new ConcurrentHashMap<>();
  private final LongAdder received = new LongAdder();
  private final LongAdder delivered = new LongAdder();
  private final Handler handler = new Handler();
  private final Gate gate = new Gate();
  private final Function<String, String> userOf;

  /**
   * @param userOf the user a JWT was issued to, or null when it is not valid
   */
  WsRoutes(Function<String, String> userOf) {
    this.userOf = userOf;
  }

  /** Passes HTTP requests on; an upgrade to a path under {@code /ws} turns the connection. */
  @ChannelHandler.Sharable
  private final class Gate extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpRequest r
          && r.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)
          && (r.uri().equals(PREFIX) || r.uri().startsWith(PREFIX + "/"))) {
        if (r.uri().startsWith(AUTH_CHAT)) {
          String user = userOf.apply(token(r));
          if (user == null) {
            ReferenceCountUtil.release(msg);
            refuse(ctx);
            return;
          }
          ctx.channel().attr(USER).set(user);
        }
        upgrade(ctx.pipeline(), ctx);
      }
      ctx.fireChannelRead(msg);
    }
  }

  /** The bearer token of an upgrade request, from its Authorization header or its query. */
  private static String token(HttpRequest r) {
    String auth = r.headers().get(HttpHeaderNames.AUTHORIZATION);
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return auth.substring(7).trim();
    }
    List<String> q = new QueryStringDecoder(r.uri()).parameters().get("token");
    return q == null || q.isEmpty() ? null : q.get(0);
  }

  /** Refuses an upgrade without a valid token: 401, and the connection closes. */
  private static void refuse(ChannelHandlerContext ctx) {
    byte[] body = "{\"error\":\"missing or invalid token\"}".getBytes(StandardCharsets.UTF_8);
    FullHttpResponse r =
        Routes.response(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.UNAUTHORIZED,
            HttpHeaderValues.APPLICATION_JSON,
            ctx.alloc().buffer(body.length).writeBytes(body),
            false);
    r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
    ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
  }

  /**
   * Adds the gate that hands an upgrade request under {@code /ws} to the WebSocket handlers, after
   * the pipeline's HTTP codec and aggregator. Only the gate sits in a plain HTTP connection's
   * pipeline, passing every request on untouched: the WebSocket handlers, which also act on the
   * connection's writes and close, are added to a connection only when it asks to upgrade (the gate
   * stays and passes the frames on).
   */
  void addTo(ChannelPipeline p) {
    p.addLast(gate);
  }

  private void upgrade(ChannelPipeline p, ChannelHandlerContext gateCtx) {
    p.addAfter(
        gateCtx.name(),
        "ws-protocol",
        new WebSocketServerProtocolHandler(
            WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(PREFIX)
                .checkStartsWith(true)
                .maxFramePayloadLength(TargetServerInitializer.MAX_CONTENT_BYTES)
                .build()));
    p.addAfter("ws-protocol", "ws-routes", handler);
  }

  /** Text frames received on every WebSocket of the server. */
  public long received() {
    return received.sum();
  }

  /** Text frames written to chat members (each copy counted), and echoes. */
  public long delivered() {
    return delivered.sum();
  }

  @ChannelHandler.Sharable
  private final class Handler extends SimpleChannelInboundHandler<WebSocketFrame> {
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete h) {
        joined(ctx.channel(), new QueryStringDecoder(h.requestUri()).path());
        return;
      }
      super.userEventTriggered(ctx, evt);
    }

    private void joined(Channel ch, String path) {
      if (path.equals("/ws/echo")) {
        return;
      }
      String user = ch.attr(USER).get();
      if (user != null && path.length() > AUTH_CHAT.length()) {
        String name = path.substring(AUTH_CHAT.length());
        ChannelGroup room =
            rooms.computeIfAbsent(
                "auth/" + name, r -> new DefaultChannelGroup(r, GlobalEventExecutor.INSTANCE));
        ch.attr(ROOM).set(room);
        room.add(ch);
        ch.writeAndFlush(
            new TextWebSocketFrame(
                "{\"type\":\"welcome\",\"user\":"
                    + quote(user)
                    + ",\"room\":"
                    + quote(name)
                    + "}"));
        return;
      }
      String prefix = "/ws/chat/";
      if (path.startsWith(prefix) && path.length() > prefix.length()) {
        ChannelGroup room =
            rooms.computeIfAbsent(
                path.substring(prefix.length()),
                r -> new DefaultChannelGroup(r, GlobalEventExecutor.INSTANCE));
        ch.attr(ROOM).set(room);
        room.add(ch); // a closed channel leaves its group by itself
        return;
      }
      ch.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.POLICY_VIOLATION))
          .addListener(f -> ch.close());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
      if (!(frame instanceof TextWebSocketFrame)) {
        return; // pings are answered by the protocol handler; binary frames are not ours
      }
      received.increment();
      ChannelGroup room = ctx.channel().attr(ROOM).get();
      if (room == null) {
        delivered.increment();
        ctx.writeAndFlush(frame.retainedDuplicate());
        return;
      }
      Channel self = ctx.channel();
      String user = self.attr(USER).get();
      if (user != null) {
        // A logged-in chat: every member gets it, the sender too, with who sent it.
        String text = ((TextWebSocketFrame) frame).text();
        String name = room.name().substring("auth/".length());
        delivered.add(room.size());
        room.writeAndFlush(
            new TextWebSocketFrame(
                "{\"type\":\"message\",\"room\":"
                    + quote(name)
                    + ",\"from\":"
                    + quote(user)
                    + ",\"text\":"
                    + quote(text)
                    + "}"));
        return;
      }
      int others = room.size() - (room.contains(self) ? 1 : 0);
      delivered.add(Math.max(0, others));
      room.writeAndFlush(frame.retainedDuplicate(), ChannelMatchers.isNot(self));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  /** {@code text} as a JSON string. */
  private static String quote(String text) {
    return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
  }
}
