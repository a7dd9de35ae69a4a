package dev.harness.engine.run;

import dev.harness.engine.result.Outcome;
import dev.harness.engine.tls.ClientTls;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;

/**
 * The HTTP/1.1 {@link ConnectionPool}: keep-alive connections with one request in flight each, so a
 * connection is one slot. Idle connections rest on a stack (the last freed is the next used).
 *
 * <p>For {@code https://} an {@link SslHandler} goes first in each pipeline, and a connection is a
 * slot only once its handshake is done; a failed handshake is a failed connect, with the TLS reason
 * as the connect error. A connection is closed and replaced after {@code maxRequests} answers when
 * that is set, as when the server answers {@code Connection: close}.
 *
 * <p>Thread contract: owned by one worker's event loop, like its connections; only {@link #openAll}
 * and {@link #lastConnectError} may be called from another thread.
 */
final class Http1Pool extends AbstractPool<Connection> {
  private final Bootstrap bootstrap;
  private final int maxRequests;
  private final ArrayDeque<Connection> idle = new ArrayDeque<>();

  /**
   * @param tls the TLS set-up for an {@code https://} target, or null for plain HTTP
   * @param host the target's host: the SNI name and the name its certificate must carry
   * @param maxRequests answers after which a connection is replaced; 0 for no limit
   */
  Http1Pool(
      EventLoop loop,
      InetSocketAddress address,
      int maxConnections,
      long timeoutNanos,
      Owner owner,
      ClientTls tls,
      String host,
      int maxRequests) {
    super(loop, address, maxConnections, owner, new ArrayList<>());
    this.maxRequests = maxRequests;
    long timeoutMillis = ConnectionPool.connectTimeoutMillis(timeoutNanos);
    Http1Pool self = this;
    this.bootstrap =
        ConnectionPool.bootstrap(loop, timeoutMillis)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ResponseDecoder decoder = new ResponseDecoder();
                    Connection c = new Connection(self, owner, decoder, ch, maxRequests);
                    connections.add(c);
                    if (tls != null) {
                      ch.pipeline()
                          .addLast(
                              tls.newHandler(ch.alloc(), host, address.getPort(), timeoutMillis));
                    }
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
          initial = opened;
          initialLeft = maxConnections;
          for (int i = 0; i < maxConnections; i++) {
            open();
          }
        });
    return opened;
  }

  @Override
  void open() {
    opening++;
    ChannelFuture f = bootstrap.connect(address);
    ConnectionPool.onConnectFailure(f, loop, () -> openFailed(f));
  }

  private void openFailed(ChannelFuture f) {
    Connection.Events events = f.channel().pipeline().get(Connection.Events.class);
    connectFailed(
        events == null ? null : events.connection(), ConnectionPool.connectFailure(f, owner));
  }

  @Override
  public Slot poll() {
    return idle.pollFirst();
  }

  @Override
  public void release(Slot slot) {
    idle.push((Connection) slot);
  }

  /** One connection per waiting arrival, as each carries one request. */
  @Override
  public void grow(int waiting) {
    if (opening < waiting) {
      refill();
    }
  }

  /** {@code c}'s channel became active: ready now, or once its TLS handshake is done. */
  @Override
  void connected(Connection c) {
    super.connected(c);
    if (c.channel.pipeline().get(SslHandler.class) == null) {
      ready(c);
    }
  }

  /** {@code c}'s TLS handshake ended. */
  void handshaken(Connection c, SslHandshakeCompletionEvent e) {
    if (tlsDone(c, e)) {
      ready(c);
    }
  }

  private void ready(Connection c) {
    if (c.state != Connection.OPENING) {
      return;
    }
    c.state = Connection.READY;
    countOpened();
    settled(true);
    if (closed) {
      c.channel.close();
      return;
    }
    owner.slotReady(c);
  }

  @Override
  void connectFailed(Connection c, String reason) {
    if (c != null) {
      if (c.state != Connection.OPENING) {
        return;
      }
      c.state = Connection.FAILED;
    }
    countFailed(reason);
    connections.remove(c);
    settled(false);
    owner.connectFailed();
  }

  /** {@code c}'s channel became inactive. */
  void closed(Connection c) {
    if (c.state == Connection.OPENING) {
      // Closed before it was ready (a handshake cut short): a failed connect, not a lost one.
      connectFailed(c, "connection closed during the TLS handshake");
      return;
    }
    connections.remove(c);
    idle.remove(c);
    if (c.state == Connection.FAILED) {
      return;
    }
    if (c.busy) {
      owner.failed(c, Outcome.RESET);
    }
    owner.connectionLost();
  }
}
