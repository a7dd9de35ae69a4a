package dev.harness.engine.run;

import dev.harness.engine.model.StatusSet;
import dev.harness.engine.result.GeneratorHealth;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.time.InvalidInputException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Turns a worker's arrivals into requests: picks each arrival's flow, records its dispatch, and
 * sends it on a free {@link Slot} or puts it in the {@link WaitQueue}; sends the oldest waiting
 * arrival when a slot frees up. The fixed requests are encoded once into direct memory and every
 * send writes a view of them, so sending a fixed request allocates nothing.
 *
 * <p>Thread contract: owned by one worker's event loop; not thread-safe.
 */
final class Dispatcher {
  /** Phase index of priming requests, whose answers are not part of any result. */
  static final int PRIMING = -1;

  private final int index;
  private final int workers;
  private final FlowPlan[] flows;
  private final Mix mix;
  private final PhaseRecorder[][] recorders; // [phase][name]
  private final PhaseClock phases;
  private final WaitQueue queue;
  private final ConnectionPool pool;
  private final Worker worker;

  /** This worker's share of {@code -n}, or null without a limit. */
  private final ArrivalLimit.Share limit;

  /** This worker's ring of the request log, or null when requests are not logged. */
  private final RequestLog.Ring log;

  /** The flows' WebSockets when a flow has WebSocket steps, else null. */
  private final FlowSockets sockets;

  /** Where priming answers go: recorded like any other, then thrown away. */
  private final PhaseRecorder scratch = new PhaseRecorder();

  /**
   * Each fixed request, encoded once into direct memory, by name index (null for those that vary);
   * each send writes a view that shares its memory.
   */
  private final ByteBuf[] fixed;

  /** The request that primes connections before time zero. */
  private final ByteBuf primer;

  /** Whether response time counts from the send (closed model) rather than the intended start. */
  private boolean fromSend;

  private long runStart;

  /** Arrivals started: this worker's arrival number k is {@code arrivals * workers + index}. */
  private long arrivals;

  private int inFlight;

  Dispatcher(
      int index,
      int workers,
      FlowPlan[] flows,
      Mix mix,
      byte[] primer,
      PhaseRecorder[][] recorders,
      PhaseClock phases,
      WaitQueue queue,
      ConnectionPool pool,
      Worker worker,
      ArrivalLimit.Share limit,
      RequestLog.Ring log) {
    this.index = index;
    this.workers = workers;
    this.flows = flows;
    this.mix = mix;
    this.recorders = recorders;
    this.phases = phases;
    this.queue = queue;
    this.pool = pool;
    this.worker = worker;
    this.limit = limit;
    this.log = log;
    this.fixed = new ByteBuf[recorders.length == 0 ? 0 : recorders[0].length];
    for (FlowPlan f : flows) {
      for (RequestPlan r : f.steps) {
        if (r.staticBytes != null) {
          fixed[r.name] = direct(r.staticBytes);
        }
      }
    }
    this.primer = direct(primer);
    this.sockets = pool instanceof FlowSockets f ? f.attach(this) : null;
  }

  /** Response times count from the send: in the closed model a request is due when it is sent. */
  void measureFromSend(boolean fromSend) {
    this.fromSend = fromSend;
  }

  /** Time zero (System.nanoTime), from which phases are counted. */
  void begin(long runStartNanos) {
    runStart = runStartNanos;
  }

  int inFlight() {
    return inFlight;
  }

  /** A request in flight has ended. */
  void settled() {
    inFlight--;
  }

  PhaseRecorder rec(int ph, int name) {
    return ph == PRIMING ? scratch : recorders[ph][name];
  }

  /** Phase that holds an instant (System.nanoTime) of this run. */
  int phaseAt(long nanos) {
    return phases.phaseAt(nanos - runStart);
  }

  /**
   * An open-model arrival due at {@code intended} in phase {@code ph}: sent on a free slot, or
   * queued until one frees up (opening a connection if the budget allows). Either way its response
   * time counts from {@code intended}.
   */
  void arrive(long intended, int ph, long now) {
    if (limit != null && !limit.take(ph)) {
      worker.limitReached();
      return;
    }
    long k = arrivals * workers + index;
    int f = mix.pick(k);
    FlowPlan flow = flows[f];
    FlowRun run = null;
    if (!flow.isStatic) {
      run = flow.start(k, ph, intended);
      if (run == null) {
        worker.feederExhausted();
        return;
      }
    }
    arrivals++;
    long lag = now - intended;
    rec(ph, flow.steps[0].name).recordDispatch(lag, lag > GeneratorHealth.LATE_NANOS);
    if (sockets != null && run != null && sockets.starts(run)) {
      return;
    }
    Slot c = pool.poll();
    if (c != null) {
      if (run == null) {
        sendFixed(c, intended, ph, flow.steps[0]);
      } else {
        sendStep(c, run);
      }
      return;
    }
    if (queue.size() >= WaitQueue.MAX) {
      // Waiting would only take memory: it is already far behind, and counted as such.
      rec(ph, flow.steps[0].name).countOutcome(Outcome.UNSENT);
      return;
    }
    rec(ph, flow.steps[0].name).countQueued();
    if (run == null) {
      queue.addFixed(intended, ph, f);
    } else {
      queue.addStep(run);
    }
    pool.grow(queue.size());
  }

  /** A closed-model arrival, due now, sent on {@code c}. */
  void sendNow(Slot c) {
    long now = System.nanoTime();
    int ph = phaseAt(now);
    if (limit != null && !limit.take(ph)) {
      pool.release(c);
      worker.limitReached();
      return;
    }
    long k = arrivals * workers + index;
    FlowPlan flow = flows[mix.pick(k)];
    FlowRun run = null;
    if (!flow.isStatic) {
      run = flow.start(k, ph, now);
      if (run == null) {
        pool.release(c);
        worker.feederExhausted();
        return;
      }
    }
    arrivals++;
    rec(ph, flow.steps[0].name).recordDispatch(0, false);
    if (run == null) {
      sendFixed(c, now, ph, flow.steps[0]);
    } else {
      sendStep(c, run);
    }
  }

  /** The next closed-model arrival, due now, fails with {@code outcome} unsent. */
  void failNext(Outcome outcome) {
    long now = System.nanoTime();
    int ph = phaseAt(now);
    if (limit != null && !limit.take(ph)) {
      worker.limitReached();
      return;
    }
    int first = flows[mix.pick(arrivals * workers + index)].steps[0].name;
    arrivals++;
    rec(ph, first).recordDispatch(0, false);
    rec(ph, first).countOutcome(outcome);
  }

  /** Sends the oldest waiting arrival on {@code c}; the queue must not be empty. */
  void sendOldest(Slot c) {
    FlowRun run = queue.run();
    if (run == null) {
      long intended = queue.intended();
      int ph = queue.phase();
      RequestPlan plan = flows[queue.flow()].steps[0];
      queue.remove();
      sendFixed(c, intended, ph, plan);
    } else {
      queue.remove();
      sendStep(c, run);
    }
  }

  /** The oldest waiting arrival ends with {@code outcome}, unsent; the queue must not be empty. */
  void failOldest(Outcome outcome) {
    FlowRun run = queue.run();
    int name = run == null ? flows[queue.flow()].steps[0].name : run.current().name;
    rec(queue.phase(), name).countOutcome(outcome);
    if (log != null) {
      long intended = run == null ? queue.intended() : run.intendedNanos;
      log.addUnsent(intended, queue.phase(), name, outcome, System.nanoTime());
    }
    queue.remove();
  }

  /**
   * Logs the request in flight on {@code c} as it ends, when requests are logged; {@code end} 0 is
   * now (read only then, so a run without the log pays no clock read).
   */
  void log(Slot c, int status, Outcome outcome, boolean passed, long end) {
    if (log != null && c.phase != PRIMING) {
      log.add(c, status, outcome, passed, end == 0 ? System.nanoTime() : end);
    }
  }

  /** Sends the priming request on {@code c}; its answer is recorded nowhere. */
  void prime(Slot c) {
    c.flow = null;
    c.expected = StatusSet.DEFAULT;
    write(c, primer.duplicate(), false, false, System.nanoTime(), PRIMING, 0);
  }

  private void sendFixed(Slot c, long intended, int ph, RequestPlan plan) {
    c.flow = null;
    c.expected = plan.expected;
    write(c, c.fixedRequest(fixed, plan.name), plan.head, false, intended, ph, plan.name);
  }

  /** Sends the current step of a flow; a step that cannot be rendered fails without a send. */
  void sendStep(Slot c, FlowRun run) {
    if (sockets != null && sockets.divert(c, run)) {
      return; // a WebSocket step, a pause, or an HTTP step after a WebSocket one
    }
    RequestPlan plan = run.current();
    ByteBuf bytes;
    if (plan.staticBytes != null) {
      bytes = c.fixedRequest(fixed, plan.name);
    } else {
      try {
        bytes = Unpooled.wrappedBuffer(plan.render(run));
      } catch (RuntimeException e) {
        // A value that would change the request (a line break from a feeder or an extracted
        // value): never sent, a request error with its reason.
        String why =
            e instanceof InvalidInputException ? e.getMessage() : "cannot be rendered: " + e;
        worker.reasons().count(Outcome.REQUEST_ERROR, why);
        rec(run.phase, plan.name).countOutcome(Outcome.REQUEST_ERROR);
        worker.free(c);
        worker.checkDrained();
        return;
      }
    }
    c.flow = run;
    c.expected = plan.expected;
    write(c, bytes, plan.head, plan.needsAnswer, run.intendedNanos, run.phase, plan.name);
  }

  /**
   * Starts the current step of {@code run} on {@code c}, which carries it out: a WebSocket step.
   */
  void sendOwn(Slot c, FlowRun run) {
    RequestPlan plan = run.current();
    c.flow = run;
    c.expected = plan.expected;
    write(
        c, Unpooled.EMPTY_BUFFER, false, plan.needsAnswer, run.intendedNanos, run.phase, plan.name);
  }

  /**
   * Queues a flow whose current step waits for a connection (after a WebSocket step or a sleep).
   */
  void await(FlowRun run) {
    queue.addStep(run);
    pool.grow(queue.size());
  }

  /** Counts a flow in flight that is between requests (in a sleep) until {@link #settled}. */
  void hold() {
    inFlight++;
  }

  private void write(
      Slot c, ByteBuf bytes, boolean head, boolean capture, long intended, int ph, int n) {
    long now = System.nanoTime();
    c.busy = true;
    c.intendedNanos = fromSend ? now : intended;
    c.phase = ph;
    c.name = n;
    c.sentNanos = now;
    c.sentBytes = bytes.readableBytes();
    inFlight++;
    rec(ph, n).countSent();
    c.send(bytes, head, capture);
  }

  private static ByteBuf direct(byte[] bytes) {
    return Unpooled.unreleasableBuffer(Unpooled.directBuffer(bytes.length).writeBytes(bytes));
  }

  /** Frees the request buffers; call once the event loop has terminated. */
  void releaseBuffers() {
    primer.unwrap().release();
    for (ByteBuf b : fixed) {
      if (b != null) {
        b.unwrap().release();
      }
    }
  }
}
