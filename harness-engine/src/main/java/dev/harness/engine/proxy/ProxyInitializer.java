package dev.harness.engine.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpServerCodec;

/**
 * Builds the pipeline of each accepted client connection: {@link FaultHandler} next to the socket,
 * the HTTP codec in HTTP mode, then {@link Frontend}.
 */
final class ProxyInitializer extends ChannelInitializer<Channel> {
  private final ProxyConfig config;
  private final FaultSwitch faults;
  private final ProxyStats stats;

  ProxyInitializer(ProxyConfig config, FaultSwitch faults, ProxyStats stats) {
    this.config = config;
    this.faults = faults;
    this.stats = stats;
  }

  @Override
  protected void initChannel(Channel ch) {
    ch.pipeline().addLast("faults", new FaultHandler(faults, stats));
    if (config.http()) {
      ch.pipeline().addLast("http", new HttpServerCodec());
    }
    ch.pipeline().addLast("relay", new Frontend(config, faults, stats));
  }
}
