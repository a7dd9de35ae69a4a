package dev.harness.engine.target;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import java.util.concurrent.atomic.LongAdder;

/**
 * Builds the pipeline of each accepted connection: TLS when served, codec, aggregator, {@link
 * TargetHandler}, with the WebSocket endpoints of {@link WsRoutes} before it.
 */
final class TargetServerInitializer extends ChannelInitializer<Channel> {
  /** Largest request body accepted; bigger ones get 413 from the aggregator. */
  static final int MAX_CONTENT_BYTES = 1 << 20;

  private final Routes routes;
  private final Freeze freeze;
  private final ConcurrencyLimiter limiter;
  private final LongAdder served;
  private final TargetMeters meters;
  private final SslContext ssl;
  private final WsRoutes ws;

  TargetServerInitializer(
      Routes routes,
      Freeze freeze,
      ConcurrencyLimiter limiter,
      LongAdder served,
      TargetMeters meters,
      SslContext ssl) {
    this.meters = meters;
    this.ssl = ssl;
    this.routes = routes;
    this.freeze = freeze;
    this.limiter = limiter;
    this.served = served;
    this.ws = new WsRoutes(routes::userOf);
  }

  @Override
  protected void initChannel(Channel ch) {
    if (ssl != null) {
      ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
    }
    ch.pipeline()
        .addLast(new HttpServerCodec())
        .addLast(new HttpObjectAggregator(MAX_CONTENT_BYTES));
    ws.addTo(ch.pipeline());
    ch.pipeline().addLast(new TargetHandler(routes, freeze, limiter, served, meters));
  }
}
