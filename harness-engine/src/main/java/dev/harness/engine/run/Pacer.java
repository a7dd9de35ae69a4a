package dev.harness.engine.run;

import io.netty.channel.EventLoop;
import java.util.concurrent.TimeUnit;

/**
 * The open model's pacing loop: wakes when arrivals are due and hands each to the {@link
 * Dispatcher}, at its intended time whatever the target does; arrivals are never skipped or slid.
 * It wakes at most once a tick ({@code tickNanos}, 0 = once per arrival): arrivals closer together
 * than a tick go out together. No spinning and no early wake: the timer's lateness and the tick's
 * wait are the arrival's dispatch lag, measured from its intended time like everything else.
 *
 * <p>The loop is guarded by a {@link RestartPolicy}: if it throws it pauses and goes on; arrivals
 * due during the pause are sent late when it resumes, and count as the generator's lateness.
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

  /** When the armed timer was asked to fire, or 0 when the tick was not a timer wake-up. */
  private long armedWake;

  /** When the last wake was due (System.nanoTime): the next is a tick after it. */
  private long lastWake;

  /**
   * @param beforeTick run at the start of every tick (a no-op but in tests)
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

  private void end() {
    running = false;
    onEnd.run();
  }

  private void guardedTick() {
    try {
      beforeTick.run();
      tick();
    } catch (RuntimeException | Error e) { // NOPMD: any throw from our own loop code
      // Out of memory too: the policy reports it as the generator's failure and ends the run.
      if (restarts.restart(e, runStart, resume)) {
        armedWake = 0;
      } else {
        end();
      }
    }
  }

  private void resume() {
    if (running) {
      loop.execute(tick);
    }
  }

  /**
   * Sends every arrival that is due, then sleeps on the timer until the next one, but not before
   * {@link #tickNanos} after the slot this wake was armed for.
   */
  private void tick() {
    if (!running) {
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
    while (running && cursor.nextDue() <= now) {
      dispatcher.arrive(cursor.nextDue(), cursor.phase(), now);
      cursor.advance();
      if (cursor.done()) {
        end();
      }
    }
    if (running) {
      arm(System.nanoTime());
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
    loop.schedule(tick, wakeAt - now, TimeUnit.NANOSECONDS);
  }
}
