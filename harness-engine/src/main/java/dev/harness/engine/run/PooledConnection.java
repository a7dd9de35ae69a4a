package dev.harness.engine.run;

import io.netty.channel.Channel;
import java.util.Collection;

/**
 * A connection as its {@link ConnectionPool} sweeps it at the end of each tick and of the run:
 * timing out what it has in flight and closing its channel. The sweeps over all of a pool's
 * connections are written here once, for every protocol's pool.
 *
 * <p>Thread contract: as the pools, owned by one worker's event loop.
 */
interface PooledConnection {

  /** Fails with {@code TIMEOUT} every request on it sent more than {@code nanos} before now. */
  void timeOut(long now, long nanos);

  /** Its channel, or null while it has none yet. */
  Channel channel();

  /**
   * When its pool began to open it (System.nanoTime): connect and handshake times count from it.
   */
  long intendedNanos();

  /**
   * Times out the requests in flight on each of {@code connections}. Goes over a copy: a request
   * that fails may close its connection, which then leaves the pool's list.
   */
  static void timeOutEach(
      Collection<? extends PooledConnection> connections, long now, long nanos) {
    for (PooledConnection c : connections.toArray(new PooledConnection[0])) {
      c.timeOut(now, nanos);
    }
  }

  /** Closes the channel of each of {@code connections}; over a copy, as closing drops them. */
  static void closeEach(Collection<? extends PooledConnection> connections) {
    for (PooledConnection c : connections.toArray(new PooledConnection[0])) {
      Channel channel = c.channel();
      if (channel != null) {
        channel.close();
      }
    }
  }
}
