package dev.harness.engine.proxy;

import dev.harness.engine.net.Transport;
import dev.harness.engine.time.InvalidInputException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The proxy's local HTTP control API, in the spirit of Toxiproxy's: list, switch on and switch off
 * faults while load runs. See {@link ControlHandler} for the endpoints and docs/resilience.md for
 * examples.
 *
 * <p>It runs on its own event loop, so a client of the API never slows the proxied traffic, and
 * whatever it is sent costs at most an error answer.
 *
 * <p>Thread-safe: {@link #port()} and {@link #close()} may be called from any thread.
 */
public final class ControlServer implements AutoCloseable {
  /** Largest request body accepted; bigger ones get 413. */
  static final int MAX_BODY_BYTES = 16 * 1024;

  private final EventLoopGroup group;
  private final Channel listener;
  private final String host;
  private final AtomicBoolean closing = new AtomicBoolean();

  private ControlServer(EventLoopGroup group, Channel listener, String host) {
    this.group = group;
    this.listener = listener;
    this.host = host;
  }

  /**
   * Binds the control API for {@code proxy}.
   *
   * @throws InvalidInputException when the address cannot be bound
   */
  public static ControlServer start(String host, int port, FaultProxy proxy) {
    EventLoopGroup group = Transport.newGroup(1, new DefaultThreadFactory("harness-control", true));
    ServerBootstrap b =
        new ServerBootstrap()
            .group(group)
            .channel(Transport.serverSocketChannel())
            .option(ChannelOption.SO_REUSEADDR, true)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline()
                        .addLast(new HttpServerCodec())
                        .addLast(new ControlAggregator(MAX_BODY_BYTES))
                        .addLast(new ControlHandler(proxy, group));
                  }
                });
    Channel listener =
        Transport.listen(
            b, group, host, port, "control API: ", new ProxyConfig.HostPort(host, port).toString());
    return new ControlServer(group, listener, host);
  }

  public int port() {
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  /** Base URL, without a trailing slash: {@code http://127.0.0.1:8474}. */
  public String url() {
    return "http://" + new ProxyConfig.HostPort(host, port());
  }

  @Override
  public void close() {
    if (closing.compareAndSet(false, true)) {
      listener.close().syncUninterruptibly();
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }
    group.terminationFuture().syncUninterruptibly();
  }
}
