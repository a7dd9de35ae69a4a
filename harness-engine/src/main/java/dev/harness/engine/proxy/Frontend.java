package dev.harness.engine.proxy;

import dev.harness.engine.model.Fault;
import dev.harness.engine.net.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The proxy's side of one client connection: opens the matching upstream connection, relays between
 * the two, and in HTTP mode answers requests itself under a {@code status} fault.
 *
 * <p>Reads from the client start only once the upstream connection is open; each side stops reading
 * while the other cannot take more (backpressure). Closing either side closes the other, the client
 * side only after its held answers have left (see {@link FaultHandler}).
 *
 * <p>HTTP mode keeps answers in request order even when some are injected: every request takes a
 * place in {@link #exchanges}, either {@link #UPSTREAM} (forwarded, its answer will come from the
 * upstream) or the injected answer itself, which is written once every earlier exchange is done.
 *
 * <p>Thread contract: the client and upstream channels share one event loop, on which every method
 * runs.
 */
final class Frontend extends ChannelInboundHandlerAdapter {
  private static final Object UPSTREAM = new Object();

  private final ProxyConfig config;
  private final FaultSwitch faults;
  private final ProxyStats stats;
  private Channel client;
  private Channel upstream;
  private FaultHandler faultHandler;
  private final ArrayDeque<Object> exchanges = new ArrayDeque<>();

  /** Dropping the body of a request that was answered by the proxy. */
  private boolean swallowing;

  /** The upstream answer being relayed is an interim one (1xx): its end is not the exchange's. */
  private boolean interim;

  private boolean upstreamNeedsFlush;
  private boolean clientNeedsFlush;

  Frontend(ProxyConfig config, FaultSwitch faults, ProxyStats stats) {
    this.config = config;
    this.faults = faults;
    this.stats = stats;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    stats.accepted.increment();
    client = ctx.channel();
    faultHandler = ctx.pipeline().get(FaultHandler.class);
    Frontend self = this;
    Bootstrap b =
        new Bootstrap()
            .group(client.eventLoop())
            .channel(Transport.socketChannel())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, config.connectTimeoutMillis())
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    if (config.http()) {
                      ch.pipeline().addLast(new HttpClientCodec());
                    }
                    ch.pipeline().addLast(new Backend(self));
                  }
                });
    ChannelFuture f = b.connect(config.upstreamHost(), config.upstreamPort());
    upstream = f.channel();
    f.addListener(
        r -> {
          if (r.isSuccess()) {
            client.config().setAutoRead(true);
          } else {
            stats.upstreamFailed(r.cause());
            // The nearest a proxy that already accepted can come to "connection refused".
            faultHandler.reset();
          }
        });
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!config.http()) {
      toUpstream(msg);
      return;
    }
    if (msg instanceof HttpObject o && o.decoderResult().isFailure()) {
      ReferenceCountUtil.release(msg);
      badRequest(o.decoderResult().cause());
      return;
    }
    if (msg instanceof HttpRequest request) {
      Fault.Status status = faults.current().status;
      if (status != null && picked(status.percent())) {
        swallowing = !(msg instanceof LastHttpContent);
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        ReferenceCountUtil.release(msg);
        stats.injected.increment();
        answer(injected(status.code(), keepAlive));
        return;
      }
      swallowing = false;
      exchanges.add(UPSTREAM);
      toUpstream(msg);
    } else if (msg instanceof HttpContent && swallowing) {
      swallowing = !(msg instanceof LastHttpContent);
      ReferenceCountUtil.release(msg);
    } else {
      toUpstream(msg);
    }
  }

  private static boolean picked(double percent) {
    return percent >= 100 || ThreadLocalRandom.current().nextDouble(100) < percent;
  }

  private void toUpstream(Object msg) {
    upstream.write(msg, upstream.voidPromise());
    upstreamNeedsFlush = true;
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (upstreamNeedsFlush) {
      upstreamNeedsFlush = false;
      upstream.flush();
    }
    flushClient();
  }

  /** An answer (or part of one) from the upstream. */
  void fromUpstream(Object msg) {
    if (!config.http()) {
      toClient(msg);
      return;
    }
    if (msg instanceof HttpObject o && o.decoderResult().isFailure()) {
      // The upstream broke HTTP: the client's stream cannot be repaired, so both go.
      ReferenceCountUtil.release(msg);
      upstream.close();
      client.close();
      return;
    }
    if (msg instanceof HttpResponse r) {
      int code = r.status().code();
      interim = code >= 100 && code < 200 && code != 101;
    }
    toClient(msg);
    if (msg instanceof LastHttpContent) {
      if (interim) {
        interim = false;
        return;
      }
      exchanges.poll();
      while (exchanges.peek() instanceof FullHttpResponse r) {
        exchanges.poll();
        if (!writeInjected(r)) {
          return;
        }
      }
    }
  }

  private void toClient(Object msg) {
    client.write(msg, client.voidPromise());
    clientNeedsFlush = true;
  }

  void flushClient() {
    if (clientNeedsFlush) {
      clientNeedsFlush = false;
      client.flush();
    }
  }

  /** Writes an injected answer now if every earlier exchange is done, else queues it. */
  private void answer(FullHttpResponse response) {
    if (exchanges.isEmpty()) {
      writeInjected(response);
    } else {
      exchanges.add(response);
    }
  }

  /** Writes an injected answer; false when it closes the connection. */
  private boolean writeInjected(FullHttpResponse r) {
    if (HttpUtil.isKeepAlive(r)) {
      toClient(r);
      return true;
    }
    clientNeedsFlush = false;
    client.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    return false;
  }

  private static FullHttpResponse injected(int code, boolean keepAlive) {
    byte[] body =
        ("injected by harness proxy: status " + code + "\n").getBytes(StandardCharsets.US_ASCII);
    FullHttpResponse r =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(code), Unpooled.wrappedBuffer(body));
    r.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
        .set("X-Harness-Fault", "status");
    HttpUtil.setKeepAlive(r, keepAlive);
    return r;
  }

  /** A request the proxy cannot parse: 400 with the reason, then close (the stream is lost). */
  private void badRequest(Throwable cause) {
    stats.badRequests.increment();
    String why = cause == null ? "malformed request" : String.valueOf(cause.getMessage());
    byte[] body = ("bad request: " + why + "\n").getBytes(StandardCharsets.UTF_8);
    FullHttpResponse r =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST, Unpooled.wrappedBuffer(body));
    r.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    client.config().setAutoRead(false);
    client.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    upstream.close();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    upstream.config().setAutoRead(client.isWritable());
    ctx.fireChannelWritabilityChanged();
  }

  /** The upstream cannot take more, or can again. */
  void upstreamWritable(boolean writable) {
    client.config().setAutoRead(writable);
  }

  /** The upstream closed: what was relayed leaves first, then the client connection closes. */
  void upstreamClosed() {
    flushClient();
    client.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    stats.closed.increment();
    while (!exchanges.isEmpty()) {
      ReferenceCountUtil.release(exchanges.poll());
    }
    if (upstream != null) {
      upstream.close();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A client that resets or misbehaves costs its own connection, never the proxy.
    ctx.close();
  }
}
