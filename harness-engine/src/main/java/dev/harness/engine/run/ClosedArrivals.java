package dev.harness.engine.run;

import dev.harness.engine.result.Outcome;
import io.netty.channel.EventLoop;
import java.util.concurrent.TimeUnit;

/**
 * Closed model: every connection sends its next request as soon as the last one is answered, until
 * the run's end. A request is due when it is sent, so its response and service time are one. A
 * connection that closes or cannot be opened is opened again (after 10 ms when opening failed, so a
 * dead target is not hammered in a spin).
 *
 * <p>Thread contract: owned by one worker's event loop; not thread-safe.
 */
final class ClosedArrivals implements Arrivals {
  private static final long REOPEN_AFTER_MILLIS = 10;

  private final EventLoop loop;
  private final Dispatcher dispatcher;
  private final WaitQueue queue;
  private final ConnectionPool pool;
  private final Runnable onEnd;
  private final Runnable refill = this::refill;
  private boolean ended;

  /**
   * @param onEnd run when the run's time is up
   */
  ClosedArrivals(
      EventLoop loop, Dispatcher dispatcher, WaitQueue queue, ConnectionPool pool, Runnable onEnd) {
    this.loop = loop;
    this.dispatcher = dispatcher;
    this.queue = queue;
    this.pool = pool;
    this.onEnd = onEnd;
  }

  @Override
  public void begin(long runStartNanos, long runEndNanos) {
    assert loop.inEventLoop();
    loop.schedule(onEnd, runEndNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    Slot c;
    while (!ended && (c = pool.poll()) != null) {
      dispatcher.sendNow(c);
    }
  }

  @Override
  public void end() {
    ended = true;
  }

  @Override
  public boolean take(Slot slot) {
    if (ended) {
      return false;
    }
    dispatcher.sendNow(slot);
    return true;
  }

  @Override
  public void connectFailed() {
    if (ended) {
      return;
    }
    if (!queue.isEmpty()) {
      dispatcher.failOldest(Outcome.CONNECT_ERROR);
    } else {
      // The arrival this connection would carry fails; try again shortly rather than spin.
      dispatcher.failNext(Outcome.CONNECT_ERROR);
    }
    loop.schedule(refill, REOPEN_AFTER_MILLIS, TimeUnit.MILLISECONDS);
  }

  @Override
  public void connectionLost() {
    if (!queue.isEmpty()) {
      pool.grow(queue.size());
    } else {
      refill();
    }
  }

  private void refill() {
    if (!ended) {
      pool.refill();
    }
  }

  @Override
  public long lagNanos(long now) {
    return 0;
  }

  @Override
  public boolean fromSend() {
    return true;
  }
}
