package dev.harness.engine.target;

import dev.harness.engine.net.AcceptErrors;
import dev.harness.engine.net.Transport;
import dev.harness.engine.time.InvalidInputException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The embedded HTTP/1.1 (and, if asked, h2c) target that {@code harness serve}, the tests and the
 * demo put load on. Keep-alive, small answers, delays and stalls scheduled on the event loops
 * (never blocking them); see {@link Routes} for what it answers and {@link TargetConfig} for how it
 * misbehaves on purpose.
 *
 * <p>Thread-safe: {@link #port()}, {@link #requestsServed()} and {@link #close()} may be called
 * from any thread. The event loop threads are daemons, so an unclosed server never keeps a JVM
 * alive; a process that only serves should block in {@link #awaitClosed()}.
 *
 * <pre>{@code
 * TargetConfig config = TargetConfig.builder().delay(Delay.parse("2ms")).build();
 * try (TargetServer server = TargetServer.start(config)) {
 *   URI uri = URI.create(server.url() + "/");
 *   ...
 * }
 * }</pre>
 */
public final class TargetServer implements AutoCloseable {
  private final TargetConfig config;
  private final EventLoopGroup group;
  private final Channel listener;
  private final LongAdder served;
  private final Routes routes;
  private final TargetMeters meters;
  private final long startedAtNanos;
  private final String transport;
  private final AtomicBoolean closing = new AtomicBoolean();

  /** Counted down when the listener closed or {@link #close()} ended, whichever comes first. */
  private final CountDownLatch closed = new CountDownLatch(1);

  private TargetServer(
      TargetConfig config,
      EventLoopGroup group,
      Channel listener,
      LongAdder served,
      Routes routes,
      TargetMeters meters,
      long startedAtNanos,
      String transport) {
    this.routes = routes;
    this.meters = meters;
    this.config = config;
    this.group = group;
    this.listener = listener;
    this.served = served;
    this.startedAtNanos = startedAtNanos;
    this.transport = transport;
    listener.closeFuture().addListener(f -> closed.countDown());
  }

  /**
   * Binds and returns once the server is listening. Uses epoll where it is available, NIO
   * elsewhere.
   *
   * @throws InvalidInputException when the address cannot be bound (port in use, unknown host)
   */
  public static TargetServer start(TargetConfig config) {
    EventLoopGroup group =
        Transport.newGroup(config.threads(), new DefaultThreadFactory("harness-target", true));

    LongAdder served = new LongAdder();
    long startedAt = System.nanoTime();
    Freeze freeze =
        config.freezeNanos() == 0
            ? Freeze.none()
            : new Freeze(startedAt, config.freezeNanos(), config.freezeEveryNanos());
    ConcurrencyLimiter limiter =
        config.maxConcurrency() == 0 ? null : new ConcurrencyLimiter(config.maxConcurrency());
    Routes routes = new Routes(config);
    routes.startedAt(startedAt);
    TargetMeters meters = new TargetMeters();

    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(group)
            .channel(Transport.serverSocketChannel())
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .handler(new AcceptErrors("target"))
            .childHandler(
                config.http2()
                    ? new Http2TargetInitializer(
                        routes,
                        freeze,
                        limiter,
                        served,
                        meters,
                        config.maxConcurrentStreams(),
                        config.tls() == null
                            ? null
                            : config.tls().withAlpn(List.of("h2", "http/1.1")).context())
                    : new TargetServerInitializer(
                        routes,
                        freeze,
                        limiter,
                        served,
                        meters,
                        config.tls() == null ? null : config.tls().context()));
    Channel listener =
        Transport.listen(
            bootstrap,
            group,
            config.host(),
            config.port(),
            "",
            hostForUrl(config.host()) + ":" + config.port());
    return new TargetServer(
        config, group, listener, served, routes, meters, startedAt, Transport.name());
  }

  /** The port listened on; the real one when the config asked for an ephemeral port. */
  public int port() {
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  /**
   * The base URL, without a trailing slash: {@code http://127.0.0.1:41234}, or {@code https://}
   * when it serves TLS.
   */
  public String url() {
    return (config.tls() == null ? "http://" : "https://")
        + hostForUrl(config.host())
        + ":"
        + port();
  }

  public TargetConfig config() {
    return config;
  }

  /** The server's own counts, to bind to a meter registry. */
  public TargetMeters meters() {
    return meters;
  }

  /**
   * Serves {@code scrape} (Prometheus text format, called on an event loop for each request) at
   * {@code /metrics}, as a service under test would; null turns the route off again.
   */
  public void serveMetrics(java.util.function.Supplier<String> scrape) {
    routes.metrics(scrape);
  }

  /** Answers written so far, on all routes, errors included. Thread-safe. */
  public long requestsServed() {
    return served.sum();
  }

  /**
   * One line for a banner or a log: {@code http://127.0.0.1:41234 threads=1 delay=2ms
   * error-rate=0.0 freeze=none max-concurrency=unlimited transport=epoll}.
   */
  public String describe() {
    return url() + " " + config.describeBehaviour() + " transport=" + transport;
  }

  /** Blocks until the server has been closed (by {@link #close()}, from another thread). */
  public void awaitClosed() throws InterruptedException {
    closed.await();
  }

  /**
   * Stops listening, closes the open connections and waits for the event loops to end. Answers
   * still waiting on a delay or a stall are dropped. Safe to call more than once.
   */
  @Override
  public void close() {
    if (closing.compareAndSet(false, true)) {
      // Bounded waits: an event loop that died (an Error thrown on it) never completes a future,
      // and one stop must stop the server all the same.
      listener.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
      // No quiet period: nothing more is accepted, and the open connections may as well go now.
      group.shutdownGracefully(0, 5, TimeUnit.SECONDS);
    }
    group.terminationFuture().awaitUninterruptibly(10, TimeUnit.SECONDS);
    closed.countDown();
  }

  /** When the stalls are counted from, on the {@link System#nanoTime()} clock. */
  long startedAtNanos() {
    return startedAtNanos;
  }

  private static String hostForUrl(String host) {
    return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
