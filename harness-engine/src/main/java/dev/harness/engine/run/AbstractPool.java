package dev.harness.engine.run;

import dev.harness.engine.tls.TlsFailure;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * What every protocol's {@link ConnectionPool} does alike, written once: the connection budget and
 * refilling it, counting opens in the {@link ConnectionMeter}, the last connect error, the sweeps
 * at the end of each tick and of the run, and settling {@link #openAll}'s future. Each pool keeps
 * what differs: how a connection opens, how its slots are handed out, and when growing helps.
 *
 * <p>Thread contract: owned by one worker's event loop, like its connections; only {@link #openAll}
 * and {@link #lastConnectError} may be called from another thread.
 *
 * @param <C> the pool's connection
 */
abstract class AbstractPool<C extends PooledConnection> implements ConnectionPool {
  final EventLoop loop;
  final Owner owner;
  final InetSocketAddress address;

  /** This worker's share of the connection budget. */
  final int maxConnections;

  final ConnectionMeter meter = new ConnectionMeter();

  /** Open and opening connections that count against {@link #maxConnections}. */
  final Collection<C> connections;

  /** Connections being opened: neither ready nor failed yet. */
  int opening;

  /** Set by {@link #closeAll}: nothing opens any more, and a connection that comes up closes. */
  boolean closed;

  volatile String lastConnectError;

  /**
   * {@link #openAll}'s future, how many of its connections are still to settle, and how many
   * opened; for a pool that counts them through {@link #settled}.
   */
  CompletableFuture<Integer> initial;

  int initialLeft;
  int initialOk;

  AbstractPool(
      EventLoop loop,
      InetSocketAddress address,
      int maxConnections,
      Owner owner,
      Collection<C> connections) {
    this.loop = loop;
    this.address = address;
    this.maxConnections = maxConnections;
    this.owner = owner;
    this.connections = connections;
  }

  /** Opens one more connection. */
  abstract void open();

  /** {@code c} (null if the channel could not even be made) could not be opened. */
  abstract void connectFailed(C c, String reason);

  /** The connections the sweeps go over: those of the budget unless a pool keeps more. */
  Collection<C> swept() {
    return connections;
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
    PooledConnection.timeOutEach(swept(), now, nanos);
  }

  @Override
  public void closeAll() {
    assert loop.inEventLoop();
    closed = true;
    PooledConnection.closeEach(swept());
  }

  @Override
  public String lastConnectError() {
    return lastConnectError;
  }

  @Override
  public ConnectionMeter meter() {
    return meter;
  }

  /** {@code c}'s channel became active: TCP connected. */
  void connected(C c) {
    meter.connected(c.intendedNanos(), System.nanoTime());
  }

  /**
   * {@code c}'s TLS handshake ended: metered if it succeeded, else {@code c} failed to open, with
   * the TLS reason, and is closed. Returns whether it succeeded.
   */
  boolean tlsDone(C c, SslHandshakeCompletionEvent e) {
    if (!e.isSuccess()) {
      connectFailed(c, TlsFailure.reason(e.cause()));
      c.channel().close();
      return false;
    }
    SslHandler ssl = c.channel().pipeline().get(SslHandler.class);
    meter.handshake(
        c.intendedNanos(), System.nanoTime(), ssl.engine().getSession(), ssl.applicationProtocol());
    return true;
  }

  /** A connection being opened is ready. */
  void countOpened() {
    opening--;
    meter.opened++;
  }

  /** A connection being opened failed, for {@code reason}. */
  void countFailed(String reason) {
    opening--;
    meter.failed++;
    lastConnectError = reason;
  }

  /** One of {@link #openAll}'s connections is ready, or failed: complete it after the last. */
  void settled(boolean ok) {
    if (initialLeft > 0) {
      initialOk += ok ? 1 : 0;
      if (--initialLeft == 0) {
        initial.complete(initialOk);
      }
    }
  }
}
