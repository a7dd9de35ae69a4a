package dev.harness.engine.proxy;

import dev.harness.engine.net.Transport;
import dev.harness.engine.time.InvalidInputException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP proxy, HTTP-aware by default, that injects {@link Fault}s between clients and one upstream.
 * Each client connection gets its own upstream connection on the same event loop; faults are
 * switched on and off through {@link #faults()} at any time and apply to open connections at once.
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start(ProxyConfig.to("127.0.0.1", 8080))) {
 *   proxy.faults().on(Fault.parse("latency 200ms"));
 *   // clients connect to 127.0.0.1:proxy.port()
 * }
 * }</pre>
 *
 * <p>Thread-safe: every public method may be called from any thread. The event loop threads are
 * daemons; a process that only proxies should block in {@link #awaitClosed()}.
 */
public final class FaultProxy implements AutoCloseable {
  private final ProxyConfig config;
  private final EventLoopGroup group;
  private final Channel listener;
  private final FaultSwitch faults;
  private final ProxyStats stats;
  private final AtomicBoolean closing = new AtomicBoolean();

  private FaultProxy(
      ProxyConfig config,
      EventLoopGroup group,
      Channel listener,
      FaultSwitch faults,
      ProxyStats stats) {
    this.config = config;
    this.group = group;
    this.listener = listener;
    this.faults = faults;
    this.stats = stats;
  }

  /** Starts a proxy with its own, initially empty, fault switch. */
  public static FaultProxy start(ProxyConfig config) {
    return start(config, new FaultSwitch());
  }

  /**
   * Binds and returns once the proxy is listening.
   *
   * @throws InvalidInputException when the listen address cannot be bound (port in use, unknown
   *     host)
   */
  public static FaultProxy start(ProxyConfig config, FaultSwitch faults) {
    EventLoopGroup group =
        Transport.newGroup(config.threads(), new DefaultThreadFactory("harness-proxy", true));
    ProxyStats stats = new ProxyStats();
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(group)
            .channel(Transport.serverSocketChannel())
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            // Nothing is read from a client before its upstream connection is open.
            .childOption(ChannelOption.AUTO_READ, false)
            .childHandler(new ProxyInitializer(config, faults, stats));
    Channel listener =
        Transport.listen(
            bootstrap,
            group,
            config.listenHost(),
            config.listenPort(),
            "",
            new ProxyConfig.HostPort(config.listenHost(), config.listenPort()).toString());
    return new FaultProxy(config, group, listener, faults, stats);
  }

  /** The port listened on; the real one when the config asked for an ephemeral port. */
  public int port() {
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  /** Where clients connect, {@code 127.0.0.1:41234}. */
  public ProxyConfig.HostPort address() {
    return new ProxyConfig.HostPort(config.listenHost(), port());
  }

  public ProxyConfig config() {
    return config;
  }

  /** The switch that turns this proxy's faults on and off. */
  public FaultSwitch faults() {
    return faults;
  }

  public ProxyStats stats() {
    return stats;
  }

  /** The event loops, for timers that switch faults (a timeline, a control API {@code for}). */
  public EventLoopGroup group() {
    return group;
  }

  /** One line for a banner: {@code 127.0.0.1:18500 -> 127.0.0.1:8080 (http, epoll)}. */
  public String describe() {
    return address()
        + " -> "
        + new ProxyConfig.HostPort(config.upstreamHost(), config.upstreamPort())
        + " ("
        + (config.http() ? "http" : "tcp")
        + ", "
        + Transport.name()
        + ")";
  }

  /** Blocks until the proxy has been closed (by {@link #close()}, from another thread). */
  public void awaitClosed() throws InterruptedException {
    listener.closeFuture().await();
  }

  /** Stops listening, closes every connection and waits for the event loops to end. Idempotent. */
  @Override
  public void close() {
    if (closing.compareAndSet(false, true)) {
      listener.close().syncUninterruptibly();
      group.shutdownGracefully(0, 5, TimeUnit.SECONDS);
    }
    group.terminationFuture().syncUninterruptibly();
  }
}
