package dev.harness.engine.run;

import dev.harness.engine.net.Transport;
import dev.harness.engine.result.Outcome;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP/1.1 {@link ConnectionPool}: keep-alive connections with one request in flight each, so a
 * connection is one slot. Idle connections rest on a stack (the last freed is the next used).
 *
 * <p>Thread contract: owned by one worker's event loop, like its connections; only {@link #openAll}
 * and {@link #lastConnectError} may be called from another thread.
 */
final class Http1Pool implements ConnectionPool {
  private final EventLoop loop;
  private final Owner owner;
  private final Bootstrap bootstrap;
  private final InetSocketAddress address;
  private final int maxConnections;

  /** Open and opening connections. */
  private final List<Connection> connections = new ArrayList<>();

  private final ArrayDeque<Connection> idle = new ArrayDeque<>();
  private int opening;
  private boolean closed;
  private volatile String lastConnectError;

  Http1Pool(
      EventLoop loop,
      InetSocketAddress address,
      int maxConnections,
      long timeoutNanos,
      Owner owner) {
    this.loop = loop;
    this.owner = owner;
    this.address = address;
    this.maxConnections = maxConnections;
    Http1Pool self = this;
    this.bootstrap =
        new Bootstrap()
            .group(loop)
            .channel(Transport.socketChannel())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                (int) Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(timeoutNanos), 10_000)))
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ResponseDecoder decoder = new ResponseDecoder();
                    Connection c = new Connection(self, owner, decoder, ch);
                    connections.add(c);
                    ch.pipeline().addLast(decoder);
                    ch.pipeline().addLast(c.events());
                  }
                });
  }

  @Override
  public CompletableFuture<Integer> openAll() {
    CompletableFuture<Integer> opened = new CompletableFuture<>();
    loop.execute(
        () -> {
          AtomicInteger remaining = new AtomicInteger(maxConnections);
          AtomicInteger ok = new AtomicInteger();
          for (int i = 0; i < maxConnections; i++) {
            open()
                .addListener(
                    f -> {
                      if (f.isSuccess()) {
                        ok.incrementAndGet();
                      }
                      if (remaining.decrementAndGet() == 0) {
                        opened.complete(ok.get());
                      }
                    });
          }
        });
    return opened;
  }

  private ChannelFuture open() {
    opening++;
    ChannelFuture f = bootstrap.connect(address);
    f.addListener(
        r -> {
          if (!r.isSuccess()) {
            Connection.Events events = f.channel().pipeline().get(Connection.Events.class);
            connectFailed(events == null ? null : events.connection(), r.cause());
          }
        });
    return f;
  }

  @Override
  public Slot poll() {
    return idle.pollFirst();
  }

  @Override
  public void release(Slot slot) {
    idle.push((Connection) slot);
  }

  @Override
  public void grow(int waiting) {
    assert loop.inEventLoop();
    if (!closed && connections.size() < maxConnections && opening < waiting) {
      open();
    }
  }

  @Override
  public void refill() {
    assert loop.inEventLoop();
    if (!closed && connections.size() < maxConnections) {
      open();
    }
  }

  @Override
  public void timeOut(long now, long nanos) {
    for (Connection c : connections.toArray(new Connection[0])) {
      if (c.busy && now - c.sentNanos > nanos) {
        c.fail(Outcome.TIMEOUT);
      }
    }
  }

  @Override
  public void closeAll() {
    assert loop.inEventLoop();
    closed = true;
    for (Connection c : connections.toArray(new Connection[0])) {
      c.channel.close();
    }
  }

  @Override
  public String lastConnectError() {
    return lastConnectError;
  }

  /** {@code c}'s channel became active. */
  void connected(Connection c) {
    opening--;
    if (closed) {
      c.channel.close();
      return;
    }
    owner.slotReady(c);
  }

  private void connectFailed(Connection c, Throwable cause) {
    opening--;
    connections.remove(c);
    lastConnectError = cause == null ? "connect failed" : String.valueOf(cause.getMessage());
    owner.connectFailed();
  }

  /** {@code c}'s channel became inactive. */
  void closed(Connection c) {
    connections.remove(c);
    idle.remove(c);
    if (c.busy) {
      owner.failed(c, Outcome.RESET);
    }
    owner.connectionLost();
  }
}
