package dev.harness.engine.run;

import dev.harness.engine.result.Outcome;
import io.netty.channel.EventLoop;

/**
 * Open model: arrival k is due at its intended time whatever the target does; the {@link Pacer}
 * sends it then. A due arrival goes to a free slot; if none is free it waits in the {@link
 * WaitQueue} (a connection is opened if the budget allows) and is sent, oldest first, when a slot
 * frees up. Its response time is always counted from the intended time, so waiting for a slot is
 * latency.
 *
 * <p>Thread contract: owned by one worker's event loop; not thread-safe.
 */
final class OpenArrivals implements Arrivals {
  private final EventLoop loop;
  private final Pacer pacer;
  private final Dispatcher dispatcher;
  private final WaitQueue queue;
  private final ConnectionPool pool;
  private final Runnable grow = this::grow;

  OpenArrivals(
      EventLoop loop, Pacer pacer, Dispatcher dispatcher, WaitQueue queue, ConnectionPool pool) {
    this.loop = loop;
    this.pacer = pacer;
    this.dispatcher = dispatcher;
    this.queue = queue;
    this.pool = pool;
  }

  @Override
  public void begin(long runStartNanos, long runEndNanos) {
    pacer.start(runStartNanos);
  }

  @Override
  public void end() {
    pacer.stop();
  }

  @Override
  public boolean take(Slot slot) {
    return false;
  }

  @Override
  public void connectFailed() {
    // The oldest waiting arrival fails in the failed connection's place; the rest try again.
    if (!queue.isEmpty()) {
      dispatcher.failOldest(Outcome.CONNECT_ERROR);
    }
    if (!queue.isEmpty()) {
      loop.execute(grow);
    }
  }

  @Override
  public void connectionLost() {
    if (!queue.isEmpty()) {
      grow();
    }
  }

  private void grow() {
    pool.grow(queue.size());
  }

  @Override
  public void awake(long now, long sentNanos) {
    pacer.awake(now, sentNanos);
  }

  @Override
  public long lagNanos(long now) {
    return pacer.lagNanos(now);
  }

  @Override
  public boolean fromSend() {
    return false;
  }
}
