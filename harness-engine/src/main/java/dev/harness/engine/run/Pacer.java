package dev.harness.engine.run;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The open model's pacing loop: hands each arrival to the {@link Dispatcher} at its intended time
 * whatever the target does; arrivals are never skipped or slid. Two paths send them:
 *
 * <ul>
 *   <li>the timer: it wakes at most once a tick ({@code tickNanos}, 0 = once per arrival) and sends
 *       everything due, so arrivals closer together than a tick go out together;
 *   <li>the answer path ({@link #awake}): when the worker's loop is awake anyway to read an answer
 *       to a request sent <em>before</em> the pacer's last send, it sends the arrivals already due
 *       instead of leaving them to the timer.
 * </ul>
 *
 * <p>Why only those answers: a wake-up (the worker's, and the target's for each lone request) costs
 * more CPU than a request. Answers to the last batch come back as one burst a service time after
 * it; sending from them would start a new small batch whose answers wake the worker again, one
 * round trip later, and so on: batching undone (measured in docs/performance.md). Answers to older
 * requests come on the target's own time, not in step with our sends (a service whose latency
 * varies, or exceeds the tick): those wakes happen anyway, and arrivals sent from them cost no wake
 * of their own. The timer stays the fallback when no such answer comes (a fast target, low rates, a
 * stalled target).
 *
 * <p>No spinning and no early wake: the wait for the answer or the timer is the arrival's dispatch
 * lag, measured from its intended time like everything else, and never more than a tick plus the
 * timer's own lateness.
 *
 * <p>The loop is guarded by a {@link RestartPolicy}: if either path throws it pauses and goes on;
 * arrivals due during the pause are sent late when it resumes, and count as the generator's
 * lateness.
 *
 * <p>Thread contract: owned by one worker's event loop; not thread-safe.
 */
final class Pacer {
  private final EventLoop loop;
  private final ArrivalCursor cursor;
  private final Dispatcher dispatcher;
  private final LoopMonitor monitor;
  private final RestartPolicy restarts;
  private final Runnable beforeTick;
  private final Runnable onEnd;
  private final long tickNanos;

  private final Runnable tick = this::guardedTick;
  private final Runnable resume = this::resume;

  private long runStart;
  private boolean running;

  /** Between a throw and the end of its pause: neither path sends. */
  private boolean paused;

  /** When the armed timer was asked to fire, or 0 when the tick was not a timer wake-up. */
  private long armedWake;

  /** The armed timer, or null; cancelled when the answer path sent what it would have woken for. */
  private ScheduledFuture<?> timer;

  /** When the pacer last sent arrivals (System.nanoTime), by either path. */
  private long lastSend;

  /** When the last timer wake was due (System.nanoTime): the next is a tick after it. */
  private long lastWake;

  /**
   * @param beforeTick run whenever arrivals are about to be sent, by either path (a no-op but in
   *     tests)
   * @param onEnd run once when the schedule has no arrival left or the policy gives up
   */
  Pacer(
      EventLoop loop,
      ArrivalCursor cursor,
      Dispatcher dispatcher,
      LoopMonitor monitor,
      RestartPolicy restarts,
      Runnable beforeTick,
      Runnable onEnd,
      long tickNanos) {
    this.loop = loop;
    this.cursor = cursor;
    this.dispatcher = dispatcher;
    this.monitor = monitor;
    this.restarts = restarts;
    this.beforeTick = beforeTick;
    this.onEnd = onEnd;
    this.tickNanos = tickNanos;
  }

  /** Starts pacing with time zero at {@code runStartNanos}. */
  void start(long runStartNanos) {
    assert loop.inEventLoop();
    runStart = runStartNanos;
    running = true;
    cursor.start(runStartNanos);
    if (cursor.done()) {
      end();
      return;
    }
    arm(System.nanoTime());
  }

  /** Stops pacing: no arrival is sent from now on. */
  void stop() {
    assert loop.inEventLoop();
    running = false;
  }

  /** How far behind its schedule the pacer is at {@code now}: the next arrival's overdue time. */
  long lagNanos(long now) {
    return running ? now - cursor.nextDue() : 0;
  }

  /**
   * The loop is awake at {@code now} for an answer to a request sent at {@code sentNanos}: if that
   * was before the last send, sends the arrivals that are due, so they need not wait for the timer
   * (see the class comment). Costs a few comparisons when it sends nothing.
   */
  void awake(long now, long sentNanos) {
    if (!running || paused || cursor.nextDue() > now || sentNanos - lastSend >= 0) {
      return;
    }
    try {
      beforeTick.run();
      sendDue(now);
    } catch (RuntimeException | Error e) { // NOPMD: any throw from our own loop code
      cancelTimer();
      failed(e);
      return;
    }
    if (running && timer != null && armedWake < cursor.nextDue()) {
      // The timer would wake to find nothing due: the next arrival's time is later now.
      cancelTimer();
      arm(now);
    }
  }

  private void end() {
    running = false;
    onEnd.run();
  }

  private void guardedTick() {
    timer = null;
    try {
      beforeTick.run();
      tick();
    } catch (RuntimeException | Error e) { // NOPMD: any throw from our own loop code
      failed(e);
    }
  }

  /** Either path threw: pause until the policy resumes, or end. */
  private void failed(Throwable e) {
    armedWake = 0;
    // Out of memory too: the policy reports it as the generator's failure and ends the run.
    if (restarts.restart(e, runStart, resume)) {
      paused = true;
    } else {
      end();
    }
  }

  private void resume() {
    paused = false;
    if (running) {
      loop.execute(tick);
    }
  }

  /**
   * Sends every arrival that is due, then sleeps on the timer until the next one, but not before
   * {@link #tickNanos} after the slot this wake was armed for.
   */
  private void tick() {
    if (!running || paused) {
      return;
    }
    long now = System.nanoTime();
    if (armedWake != 0) {
      monitor.recordWake(now - armedWake);
      // The slot the timer was armed for, not when it fired: the timer's lateness must not push
      // every later wake back (at a rate near one arrival per tick the lag would pile up).
      lastWake = armedWake;
      armedWake = 0;
    } else {
      lastWake = now;
    }
    sendDue(now);
    if (running) {
      arm(System.nanoTime());
    }
  }

  private void sendDue(long now) {
    if (running && cursor.nextDue() <= now) {
      lastSend = now;
    }
    while (running && cursor.nextDue() <= now) {
      dispatcher.arrive(cursor.nextDue(), cursor.phase(), now);
      cursor.advance();
      if (cursor.done()) {
        end();
      }
    }
  }

  /** Arms the timer for the next arrival, or for a tick after the last wake's slot if later. */
  private void arm(long now) {
    long wakeAt = Math.max(cursor.nextDue(), lastWake + tickNanos);
    if (wakeAt - now <= 0) {
      loop.execute(tick);
      return;
    }
    armedWake = wakeAt;
    timer = loop.schedule(tick, wakeAt - now, TimeUnit.NANOSECONDS);
  }

  private void cancelTimer() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
    armedWake = 0;
  }
}
