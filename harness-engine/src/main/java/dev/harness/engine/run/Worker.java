package dev.harness.engine.run;

import dev.harness.engine.model.Answer;
import dev.harness.engine.model.LoadModel;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.model.Shard;
import dev.harness.engine.result.GeneratorHealth;
import dev.harness.engine.result.Http2Stats;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.WebSocketStats;
import dev.harness.engine.result.WorkerRestart;
import dev.harness.engine.tls.ClientTls;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One event loop's share of the load, and the coordinator of its parts: the {@link Arrivals}
 * strategy (open: an {@link ArrivalCursor} paced by a {@link Pacer}; closed: one request per free
 * slot), the {@link Dispatcher} that turns arrivals into requests, the {@link WaitQueue} of
 * arrivals waiting for a free slot, and the {@link ConnectionPool} that hands out slots. The worker
 * itself primes the connections, hears every answer and failure, times requests out and drains at
 * the end.
 *
 * <p>Thread contract: after construction every method except {@link #connectAll}, {@link #prime},
 * {@link #begin}, {@link #stop} (which hand their work to the loop) and the read-outs runs on
 * {@link #loop}, and so do all its parts. Nothing here is shared with other workers; the sampler
 * thread reads only the {@link PhaseRecorder}s, whose contract allows it.
 */
final class Worker implements ConnectionPool.Owner {
  private final int index;
  private final EventLoop loop;
  private final LoopMonitor monitor;
  private final long timeoutNanos;
  private final Runnable onFeederExhausted;
  private final RestartPolicy restarts;
  private final GeneratorFailure failure;
  private final WaitQueue queue = new WaitQueue();
  private final ErrorReasons reasons = new ErrorReasons();
  private final ConnectionPool pool;
  private final Dispatcher dispatcher;
  private final Arrivals arrivals;
  private final FailureTally checkFailures;

  /**
   * Whether an answer may send due arrivals (see {@link Pacer}): HTTP/1.1 only. An HTTP/2 answer
   * comes inside Netty's stream-close notification, and sends made there hung whole connections in
   * tests; WebSocket is not measured yet. Both keep the timer alone.
   */
  private final boolean sendOnAnswers;

  private int priming;
  private CompletableFuture<Void> primed;

  private boolean started;
  private boolean arrivalsDone;
  private boolean finished;
  private long drainDeadline;
  private ScheduledFuture<?> sweeper;

  /** When the heartbeat was due; each one measures the loop's lateness against it. */
  private long heartbeatDue;

  private ScheduledFuture<?> heartbeatTimer;

  private final Runnable sweep = this::sweep;
  private final Runnable heartbeat = this::heartbeat;
  private final Runnable endRun = this::endRun;
  private final CompletableFuture<Void> done = new CompletableFuture<>();

  Worker(
      int index,
      EventLoop loop,
      RunSpec spec,
      FlowPlan[] flows,
      byte[] primer,
      InetSocketAddress address,
      PhaseRecorder[][] recorders,
      LoopMonitor monitor,
      Runnable onFeederExhausted,
      Supervision supervision,
      ClientTls tls,
      ArrivalLimit.Share limit,
      RequestLog.Ring log) {
    this.index = index;
    this.loop = loop;
    this.monitor = monitor;
    this.timeoutNanos = spec.timeoutNanos();
    this.onFeederExhausted = onFeederExhausted;
    this.failure = supervision.failure();
    this.restarts = new RestartPolicy(index, supervision.scheduler().apply(loop), failure);
    this.pool = Pools.of(loop, spec, index, address, tls, timeoutNanos, this);
    this.sendOnAnswers = pool instanceof Http1Pool;
    this.checkFailures = new FailureTally(spec.phases());
    PhaseClock phases = new PhaseClock(spec.phases());
    this.dispatcher =
        new Dispatcher(
            index,
            spec.workers(),
            flows,
            new Mix(spec.flows()),
            primer,
            recorders,
            phases,
            queue,
            pool,
            this,
            limit,
            log);
    if (spec.model() == LoadModel.OPEN) {
      ArrivalCursor cursor =
          ArrivalCursor.of(
              spec.phases(),
              Shard.stripe(spec.shard(), index, spec.workers()),
              Shard.stripes(spec.shard(), spec.workers()));
      Pacer pacer =
          new Pacer(
              loop,
              cursor,
              dispatcher,
              monitor,
              restarts,
              supervision.beforeTick(),
              endRun,
              spec.tickNanos());
      this.arrivals = new OpenArrivals(loop, pacer, dispatcher, queue, pool);
    } else {
      this.arrivals = new ClosedArrivals(loop, dispatcher, queue, pool, endRun);
    }
    dispatcher.measureFromSend(arrivals.fromSend());
  }

  /** What this worker's pool saw of HTTP/2, or null for HTTP/1.1. Thread-safe. */
  Http2Stats http2() {
    return pool.http2();
  }

  /** What this worker's sockets saw, or null for HTTP; read after {@link #done}. */
  WebSocketStats websocket() {
    return pool.websocket();
  }

  /** Future completed when this worker has finished and closed its connections. */
  CompletableFuture<Void> done() {
    return done;
  }

  String lastConnectError() {
    return pool.lastConnectError();
  }

  /** What this worker's connections cost to open; read after {@link #done}. */
  ConnectionMeter connectionMeter() {
    return pool.meter();
  }

  /** Restarts of the pacing loop, in order; read by the run after the loop has stopped. */
  List<WorkerRestart> restarts() {
    return restarts.restarts();
  }

  /** Failed checks by reason; counted on the loop, read by the run after the loop has stopped. */
  FailureTally checkFailures() {
    return checkFailures;
  }

  /**
   * Opens all this worker's connections; completes with how many opened. Call before {@link
   * #begin}.
   */
  CompletableFuture<Integer> connectAll() {
    return pool.openAll();
  }

  /**
   * Sends one request on every open connection and completes when all are answered (or failed). A
   * cold JVM stalls tens of milliseconds on its first requests while it loads and links the request
   * path; priming pays that before time zero, where it cannot pass for the target's latency or the
   * generator's lag. Call after {@link #connectAll}, before {@link #begin}.
   */
  CompletableFuture<Void> prime() {
    CompletableFuture<Void> f = new CompletableFuture<>();
    loop.execute(
        () -> {
          primed = f;
          List<Slot> ready = pool.primingSlots();
          priming = ready.size();
          for (Slot s : ready) {
            dispatcher.prime(s);
          }
          if (priming == 0) {
            f.complete(null);
          }
        });
    return f;
  }

  private void primedOne(Slot c) {
    if (c.phase == Dispatcher.PRIMING && primed != null && --priming == 0) {
      primed.complete(null);
    }
  }

  /** Starts the schedule with time zero at {@code runStartNanos} (System.nanoTime). */
  void begin(long runStartNanos, long runLengthNanos) {
    loop.execute(
        () -> {
          started = true;
          dispatcher.begin(runStartNanos);
          monitor.thread(Thread.currentThread());
          heartbeatDue = System.nanoTime() + GeneratorHealth.HEARTBEAT_NANOS;
          heartbeatTimer =
              loop.schedule(heartbeat, GeneratorHealth.HEARTBEAT_NANOS, TimeUnit.NANOSECONDS);
          long every = Math.max(1_000_000L, Math.min(timeoutNanos / 10, 100_000_000L));
          sweeper = loop.scheduleAtFixedRate(sweep, every, every, TimeUnit.NANOSECONDS);
          arrivals.begin(runStartNanos, runStartNanos + runLengthNanos);
        });
  }

  /** Ends arrivals now and gives in-flight requests {@code graceNanos} to finish. Thread-safe. */
  void stop(long graceNanos) {
    try {
      loop.execute(
          () -> {
            if (!started) {
              started = true;
              endArrivals(0);
            } else if (!arrivalsDone) {
              endArrivals(graceNanos);
            } else {
              drainDeadline = Math.min(drainDeadline, System.nanoTime() + graceNanos);
            }
          });
    } catch (RejectedExecutionException e) {
      // The loop stopped under the run (see loopStopped): nothing runs on it to stop.
    }
  }

  /**
   * Every {@link GeneratorHealth#HEARTBEAT_NANOS}: measures how late the loop runs a timer (a long
   * tick when the loop or its thread was held), and publishes what the sampler cannot see.
   */
  private void heartbeat() {
    long now = System.nanoTime();
    monitor.recordHeartbeat(now - heartbeatDue);
    long lag = started && !arrivalsDone ? arrivals.lagNanos(now) : 0;
    monitor.publish(queue.size(), dispatcher.inFlight(), lag);
    if (!finished) {
      // Armed from now, not from the missed due time: after a stall, one long tick, not a burst.
      heartbeatDue = now + GeneratorHealth.HEARTBEAT_NANOS;
      heartbeatTimer =
          loop.schedule(heartbeat, GeneratorHealth.HEARTBEAT_NANOS, TimeUnit.NANOSECONDS);
    }
  }

  /** A feeder that does not wrap ran out of rows: this worker's arrivals end, and the run's. */
  void feederExhausted() {
    if (!arrivalsDone) {
      // Say why first: ending the arrivals may finish the run, which then reads the reason.
      onFeederExhausted.run();
      endArrivals(timeoutNanos);
    }
  }

  /** This worker's share of the run's arrival limit is sent: its arrivals end. */
  void limitReached() {
    if (!arrivalsDone) {
      endArrivals(timeoutNanos);
    }
  }

  // ---- what the pool reports ----------------------------------------------------------------

  /** A slot is free: give it the oldest waiting arrival, the next closed-model request, or rest. */
  void free(Slot c) {
    if (!started || finished) {
      pool.release(c);
    } else if (!queue.isEmpty()) {
      dispatcher.sendOldest(c);
    } else if (!arrivals.take(c)) {
      pool.release(c);
    }
  }

  @Override
  public void slotReady(Slot slot) {
    free(slot);
  }

  @Override
  public void answered(Slot c, int status, boolean keepAlive, Answer answer) {
    if (!c.busy) {
      return;
    }
    long now = System.nanoTime();
    long sent = c.sentNanos;
    settle(c, status, keepAlive, answer, now);
    // The loop is awake for this answer anyway: arrivals already due may leave now (see Pacer).
    if (sendOnAnswers) {
      arrivals.awake(now, sent);
    }
  }

  private void settle(Slot c, int status, boolean keepAlive, Answer answer, long now) {
    Outcome outcome = Outcome.ofStatus(status);
    if (outcome == Outcome.PROTOCOL_ERROR) {
      reasons.count(outcome, "status " + status + " outside 200-599");
    }
    // An expected status passes (whatever its class); any other answer is an error of its class.
    boolean passed = outcome.isResponse() && c.expected.contains(status);
    FlowRun run = c.flow;
    PhaseRecorder rec = dispatcher.rec(c.phase, c.name);
    String why = run != null && passed && answer != null ? run.current().judge(answer, run) : null;
    if (why != null) {
      passed = false;
      checkFailures.count(c.phase, why);
      rec.recordAnswer(Outcome.CHECK_FAILED, now - c.intendedNanos, now - c.sentNanos);
    } else if (outcome.isResponse()) {
      rec.recordStatus(status, passed, now - c.intendedNanos, now - c.sentNanos);
    } else {
      rec.recordAnswer(outcome, now - c.intendedNanos, now - c.sentNanos);
    }
    dispatcher.log(c, status, why != null ? Outcome.CHECK_FAILED : outcome, passed, now);
    c.busy = false;
    c.flow = null;
    dispatcher.settled();
    primedOne(c);
    if (run != null && passed && run.step + 1 < run.plan.steps.length) {
      // The flow goes on: its next step is due now, on this slot if it stays open.
      run.step++;
      run.intendedNanos = now;
      if (keepAlive && !finished) {
        dispatcher.sendStep(c, run);
        return;
      }
      queue.addStep(run);
      pool.grow(queue.size());
    }
    if (keepAlive) {
      free(c);
    }
    checkDrained();
  }

  @Override
  public void failed(Slot c, Outcome outcome, String reason) {
    reasons.count(outcome, reason);
    failed(c, outcome);
  }

  /** Why requests (or answers nobody asked for) ended in protocol or request errors. */
  ErrorReasons reasons() {
    return reasons;
  }

  @Override
  public void failed(Slot c, Outcome outcome) {
    if (!c.busy) {
      return;
    }
    dispatcher.log(c, 0, outcome, false, 0);
    c.busy = false;
    c.flow = null; // a failed step ends its flow
    dispatcher.settled();
    primedOne(c);
    if (outcome == Outcome.TIMEOUT) {
      long now = System.nanoTime();
      dispatcher
          .rec(c.phase, c.name)
          .recordAnswer(outcome, now - c.intendedNanos, now - c.sentNanos);
    } else {
      dispatcher.rec(c.phase, c.name).countOutcome(outcome);
    }
    checkDrained();
  }

  @Override
  public void connectionError(Throwable cause) {
    failure.report(cause);
  }

  @Override
  public void connectFailed() {
    if (!started || finished) {
      return;
    }
    arrivals.connectFailed();
    checkDrained();
  }

  @Override
  public void connectionLost() {
    if (finished || !started) {
      return;
    }
    arrivals.connectionLost();
    checkDrained();
  }

  // ---- timeouts and the end of the run ------------------------------------------------------

  private void sweep() {
    long now = System.nanoTime();
    pool.timeOut(now, timeoutNanos);
    if (arrivalsDone && !finished && now - drainDeadline >= 0) {
      abandonRest();
    }
  }

  /** The schedule or the run's time is over, or the pacing loop gave up. */
  private void endRun() {
    endArrivals(timeoutNanos);
  }

  private void endArrivals(long drainNanos) {
    if (arrivalsDone) {
      return;
    }
    arrivalsDone = true;
    arrivals.end();
    drainDeadline = System.nanoTime() + drainNanos;
    checkDrained();
    if (!finished && sweeper == null) {
      abandonRest();
    }
  }

  void checkDrained() {
    if (arrivalsDone && !finished && dispatcher.inFlight() == 0 && queue.isEmpty()) {
      finish();
    }
  }

  /** The drain time is over: what still waits was never sent, what is in flight timed out. */
  private void abandonRest() {
    while (!queue.isEmpty()) {
      dispatcher.failOldest(Outcome.UNSENT);
    }
    pool.timeOut(System.nanoTime(), -1);
    finish();
  }

  private void finish() {
    if (finished) {
      return;
    }
    finished = true;
    if (sweeper != null) {
      sweeper.cancel(false);
    }
    if (heartbeatTimer != null) {
      heartbeatTimer.cancel(false);
    }
    monitor.publish(0, 0, 0);
    pool.closeAll();
    done.complete(null);
  }

  /**
   * Whether this worker's event loop stopped while the run still needed it: an Error escaped it and
   * its thread ended, so nothing more is sent, answered or finished on it. Thread-safe.
   */
  boolean loopStopped() {
    return !done.isDone() && loop.isShuttingDown();
  }

  /** Gives up on a worker whose loop stopped: the run reads what it recorded. Thread-safe. */
  void abandon() {
    done.complete(null);
  }

  /** Frees the request buffers; call once the event loop has terminated. */
  void releaseBuffers() {
    dispatcher.releaseBuffers();
  }

  @Override
  public String toString() {
    return "worker-" + index;
  }
}
