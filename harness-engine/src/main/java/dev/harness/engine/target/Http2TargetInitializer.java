package dev.harness.engine.target;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.AsciiString;
import java.util.concurrent.atomic.LongAdder;

/**
 * Builds the pipeline of each accepted connection of a target that serves HTTP/1.1 and h2c on one
 * port: Netty's {@link CleartextHttp2ServerUpgradeHandler} spots the HTTP/2 connection preface
 * (prior knowledge) or an {@code Upgrade: h2c} request; otherwise the connection stays HTTP/1.1 as
 * with {@link TargetServerInitializer}. Each HTTP/2 stream is a child channel whose requests are
 * turned into HTTP/1.1 objects for the same {@link TargetHandler}, so both protocols share the
 * routes. Over TLS, ALPN chooses between h2 and HTTP/1.1. (A child channel per stream costs more
 * than a frame listener, but this is the target.)
 */
final class Http2TargetInitializer extends ChannelInitializer<Channel> {
  private final Routes routes;
  private final Freeze freeze;
  private final ConcurrencyLimiter limiter;
  private final LongAdder served;
  private final TargetMeters meters;
  private final int maxConcurrentStreams;
  private final SslContext ssl;

  Http2TargetInitializer(
      Routes routes,
      Freeze freeze,
      ConcurrencyLimiter limiter,
      LongAdder served,
      TargetMeters meters,
      int maxConcurrentStreams,
      SslContext ssl) {
    this.ssl = ssl;
    this.routes = routes;
    this.freeze = freeze;
    this.limiter = limiter;
    this.served = served;
    this.meters = meters;
    this.maxConcurrentStreams = maxConcurrentStreams;
  }

  @Override
  protected void initChannel(Channel ch) {
    if (ssl != null) {
      initTls(ch);
      return;
    }
    HttpServerCodec http1 = new HttpServerCodec();
    HttpServerUpgradeHandler upgrade =
        new HttpServerUpgradeHandler(
            http1,
            protocol ->
                AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)
                    ? new Http2ServerUpgradeCodec(frameCodec(), multiplex())
                    : null);
    ChannelPipeline p = ch.pipeline();
    p.addLast(
        new CleartextHttp2ServerUpgradeHandler(
            http1,
            upgrade,
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel c) {
                // Prior knowledge: the HTTP/1.1 handlers below are not needed.
                c.pipeline().remove(HttpObjectAggregator.class);
                c.pipeline().remove(TargetHandler.class);
                c.pipeline().addLast(frameCodec(), multiplex());
              }
            }));
    p.addLast(new HttpObjectAggregator(TargetServerInitializer.MAX_CONTENT_BYTES));
    p.addLast(new TargetHandler(routes, freeze, limiter, served, meters));
  }

  /** Over TLS: ALPN picks h2 (frame codec and streams) or HTTP/1.1 (as without HTTP/2). */
  private void initTls(Channel ch) {
    ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
    ch.pipeline()
        .addLast(
            new ApplicationProtocolNegotiationHandler(ApplicationProtocolNames.HTTP_1_1) {
              @Override
              protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
                if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                  ctx.pipeline().addLast(frameCodec(), multiplex());
                } else {
                  ctx.pipeline()
                      .addLast(new HttpServerCodec())
                      .addLast(new HttpObjectAggregator(TargetServerInitializer.MAX_CONTENT_BYTES))
                      .addLast(new TargetHandler(routes, freeze, limiter, served, meters));
                }
              }
            });
  }

  private Http2FrameCodec frameCodec() {
    Http2Settings settings = Http2Settings.defaultSettings();
    if (maxConcurrentStreams > 0) {
      settings.maxConcurrentStreams(maxConcurrentStreams);
    }
    return Http2FrameCodecBuilder.forServer().initialSettings(settings).build();
  }

  private Http2MultiplexHandler multiplex() {
    return new Http2MultiplexHandler(
        new ChannelInitializer<Http2StreamChannel>() {
          @Override
          protected void initChannel(Http2StreamChannel stream) {
            stream
                .pipeline()
                .addLast(new Http2StreamFrameToHttpObjectCodec(true))
                .addLast(new HttpObjectAggregator(TargetServerInitializer.MAX_CONTENT_BYTES))
                .addLast(new TargetHandler(routes, freeze, limiter, served, meters));
          }
        });
  }
}
