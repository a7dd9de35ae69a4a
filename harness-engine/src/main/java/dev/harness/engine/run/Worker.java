package dev.harness.engine.run;

import dev.harness.engine.model.Answer;
import dev.harness.engine.model.LoadModel;
import dev.harness.engine.model.Phase;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.result.GeneratorHealth;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.WorkerRestart;
import dev.harness.engine.schedule.ArrivalSlice;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One event loop's share of the load: its slice of the arrival schedule, its connections and its
 * recorders.
 *
 * <p>Thread contract: after construction every method except {@link #stop} runs on {@link #loop}.
 * Nothing here is shared with other workers; the sampler thread reads only the {@link
 * PhaseRecorder}s, whose contract allows it.
 *
 * <p>Open model: arrival k is due at its intended time whatever the target does. A due arrival goes
 * to an idle connection; if none is idle it waits in {@link #pending} (a new connection is opened
 * if the limit allows) and is sent, oldest first, when a connection frees up. Its response time is
 * always counted from the intended time, so waiting for a connection is latency, and arrivals are
 * never skipped or slid.
 */
final class Worker {
  /** Phase index of priming requests, whose answers are not part of any result. */
  private static final int PRIMING = -1;

  /** How often a worker whose loop threw is restarted before it gives up. */
  static final int MAX_RESTARTS = 5;

  static final long FIRST_BACKOFF_NANOS = 1_000_000_000L;
  static final long MAX_BACKOFF_NANOS = 60_000_000_000L;

  /** Tests only: scales the backoff (1 = as documented), so giving up takes no half minute. */
  static volatile double backoffScale = 1;

  /** Tests only: run at the start of every pacing tick, to make a worker throw. */
  static volatile Runnable crashHook;

  private final List<WorkerRestart> restarts = new java.util.concurrent.CopyOnWriteArrayList<>();

  private final int index;
  private final EventLoop loop;
  private final LoadModel model;
  private final ArrivalSlice[] slices;
  private final long[] phaseStart;
  private final long[] phaseLength;
  private final PhaseRecorder[][] recorders; // [phase][name]
  private final LoopMonitor monitor;

  /** Where priming answers go: recorded like any other, then thrown away. */
  private final PhaseRecorder scratch = new PhaseRecorder();

  private int priming;
  private CompletableFuture<Void> primed;
  private final Bootstrap bootstrap;
  private final InetSocketAddress address;
  private final int maxConnections;
  private final long timeoutNanos;
  private final long tickNanos;
  private final int workers;
  private final FlowPlan[] flows;
  private final Mix mix;
  private final Runnable onFeederExhausted;

  /**
   * Each fixed request, encoded once into direct memory, by name index (null for those that vary);
   * each send writes a duplicate that shares its memory.
   */
  private final ByteBuf[] fixed;

  /** The request that primes connections before time zero. */
  private final ByteBuf primer;

  private final List<Connection> connections = new ArrayList<>();
  private final ArrayDeque<Connection> idle = new ArrayDeque<>();

  /** Arrivals of fixed single-request flows waiting for a connection: intended time and flow. */
  private final LongRing pending = new LongRing();

  private final LongRing pendingFlow = new LongRing();

  /** Flow steps waiting for a connection, oldest first. */
  private final ArrayDeque<FlowRun> waiting = new ArrayDeque<>();

  /**
   * Arrivals this worker has started: its arrival number k is {@code started * workers + index}.
   */
  private long arrivals;

  private int inFlight;
  private int opening;

  private long runStart;
  private long runEnd;
  private int phase;
  private long arrival;
  private long nextDue;
  private boolean started;
  private boolean arrivalsDone;
  private boolean finished;
  private long drainDeadline;
  private ScheduledFuture<?> sweeper;

  /** When the armed timer was asked to fire, or 0 when the tick was not a timer wake-up. */
  private long armedWake;

  /** When the pacing loop's last wake was due (System.nanoTime): the next is a tick after it. */
  private long lastWake;

  /** When the heartbeat was due; each one measures the loop's lateness against it. */
  private long heartbeatDue;

  private ScheduledFuture<?> heartbeatTimer;

  private final Runnable tick = this::guardedTick;
  private final Runnable sweep = this::sweep;
  private final Runnable heartbeat = this::heartbeat;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private volatile String lastConnectError;

  Worker(
      int index,
      EventLoop loop,
      RunSpec spec,
      FlowPlan[] flows,
      byte[] primer,
      InetSocketAddress address,
      PhaseRecorder[][] recorders,
      LoopMonitor monitor,
      Runnable onFeederExhausted) {
    this.index = index;
    this.loop = loop;
    this.model = spec.model();
    this.address = address;
    this.recorders = recorders;
    this.monitor = monitor;
    this.maxConnections = spec.connectionsOf(index);
    this.timeoutNanos = spec.timeoutNanos();
    this.tickNanos = spec.tickNanos();
    this.workers = spec.workers();
    this.flows = flows;
    this.mix = new Mix(spec.flows());
    this.onFeederExhausted = onFeederExhausted;
    this.fixed = new ByteBuf[recorders.length == 0 ? 0 : recorders[0].length];
    for (FlowPlan f : flows) {
      for (RequestPlan r : f.steps) {
        if (r.staticBytes != null) {
          fixed[r.name] = direct(r.staticBytes);
        }
      }
    }
    this.primer = direct(primer);
    List<Phase> phases = spec.phases();
    slices = new ArrivalSlice[phases.size()];
    phaseStart = new long[phases.size()];
    phaseLength = new long[phases.size()];
    long at = 0;
    for (int p = 0; p < phases.size(); p++) {
      Phase ph = phases.get(p);
      phaseStart[p] = at;
      phaseLength[p] = ph.durationNanos();
      if (model == LoadModel.OPEN) {
        slices[p] = ph.rate().slice(ph.durationNanos(), index, spec.workers());
      }
      at += ph.durationNanos();
    }
    Worker self = this;
    this.bootstrap =
        new Bootstrap()
            .group(loop)
            .channel(dev.harness.engine.net.Transport.socketChannel())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                (int) Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(timeoutNanos), 10_000)))
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ResponseDecoder decoder = new ResponseDecoder();
                    ch.pipeline().addLast(decoder);
                    ch.pipeline().addLast(self.newConnectionFor(ch, decoder));
                  }
                });
  }

  /** Future completed when this worker has finished and closed its connections. */
  CompletableFuture<Void> done() {
    return done;
  }

  String lastConnectError() {
    return lastConnectError;
  }

  /**
   * Opens all this worker's connections; completes with how many opened. Call before {@link
   * #begin}.
   */
  CompletableFuture<Integer> connectAll() {
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
          List<Connection> ready = new ArrayList<>(idle);
          idle.clear();
          priming = ready.size();
          for (Connection c : ready) {
            long now = System.nanoTime();
            c.flow = null;
            write(c, primer.duplicate(), false, false, now, PRIMING, 0);
          }
          if (priming == 0) {
            f.complete(null);
          }
        });
    return f;
  }

  private void primedOne(Connection c) {
    if (c.phase == PRIMING && primed != null && --priming == 0) {
      primed.complete(null);
    }
  }

  /** Starts the schedule with time zero at {@code runStartNanos} (System.nanoTime). */
  void begin(long runStartNanos, long runLengthNanos) {
    loop.execute(
        () -> {
          runStart = runStartNanos;
          runEnd = runStartNanos + runLengthNanos;
          started = true;
          monitor.thread(Thread.currentThread());
          heartbeatDue = System.nanoTime() + GeneratorHealth.HEARTBEAT_NANOS;
          heartbeatTimer =
              loop.schedule(heartbeat, GeneratorHealth.HEARTBEAT_NANOS, TimeUnit.NANOSECONDS);
          long every = Math.max(1_000_000L, Math.min(timeoutNanos / 10, 100_000_000L));
          sweeper = loop.scheduleAtFixedRate(sweep, every, every, TimeUnit.NANOSECONDS);
          if (model == LoadModel.OPEN) {
            phase = 0;
            arrival = 0;
            nextDue = runStart + phaseStart[0] + slices[0].dueNanos(0);
            settleCursor();
            arm(System.nanoTime());
          } else {
            loop.schedule(
                () -> endArrivals(timeoutNanos), runEnd - System.nanoTime(), TimeUnit.NANOSECONDS);
            while (!idle.isEmpty()) {
              sendNow(idle.pop());
            }
          }
        });
  }

  /** Ends arrivals now and gives in-flight requests {@code graceNanos} to finish. Thread-safe. */
  void stop(long graceNanos) {
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
  }

  // ---- open model: pacing -------------------------------------------------------------------

  /**
   * The pacing loop, guarded: a task that throws would otherwise leave the worker silently sending
   * nothing. The worker pauses (1 s, doubling up to 60 s), then goes on, at most {@link
   * #MAX_RESTARTS} times; arrivals due during the pause are sent late when it resumes, and count as
   * the generator's lateness. One failure more and the worker gives up: its arrivals end.
   */
  private void guardedTick() {
    try {
      if (crashHook != null) {
        crashHook.run();
      }
      tick();
    } catch (RuntimeException | Error e) { // NOPMD: any throw from our own loop code
      if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
        throw e;
      }
      long now = System.nanoTime();
      String error =
          e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      int n = restarts.size();
      boolean giveUp = n >= MAX_RESTARTS;
      long backoff =
          giveUp
              ? 0
              : Math.round(Math.min(MAX_BACKOFF_NANOS, FIRST_BACKOFF_NANOS << n) * backoffScale);
      restarts.add(new WorkerRestart(index, Math.max(0, now - runStart), error, backoff, giveUp));
      if (giveUp) {
        endArrivals(timeoutNanos);
        return;
      }
      armedWake = 0;
      loop.schedule(
          () -> {
            if (!arrivalsDone) {
              loop.execute(tick);
            }
          },
          backoff,
          TimeUnit.NANOSECONDS);
    }
  }

  /** Restarts, in order; written by the loop, read by the run after the loop has stopped. */
  List<WorkerRestart> restarts() {
    return List.copyOf(restarts);
  }

  /**
   * Sends every arrival that is due, then sleeps on the timer until the next one, but not before
   * {@link #tickNanos} after the slot this wake was armed for: arrivals closer together than a tick
   * go out together.
   */
  private void tick() {
    if (arrivalsDone) {
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
    while (!arrivalsDone && nextDue <= now) {
      dispatch(nextDue, phase, now);
      arrival++;
      nextDue = runStart + phaseStart[phase] + slices[phase].dueNanos(arrival);
      settleCursor();
    }
    if (!arrivalsDone) {
      arm(System.nanoTime());
    }
  }

  /** Moves the cursor past the ends of phases; ends arrivals after the last one. */
  private void settleCursor() {
    while (nextDue - runStart - phaseStart[phase] >= phaseLength[phase]) {
      phase++;
      arrival = 0;
      if (phase == slices.length) {
        phase = slices.length - 1;
        endArrivals(timeoutNanos);
        return;
      }
      nextDue = runStart + phaseStart[phase] + slices[phase].dueNanos(0);
    }
  }

  /**
   * Arms the timer for the next arrival, or for a tick after the last wake's slot if that is later.
   * No spinning and no early wake: the timer's lateness and the tick's wait are the arrival's
   * dispatch lag, measured from its intended time like everything else.
   */
  private void arm(long now) {
    long wakeAt = Math.max(nextDue, lastWake + tickNanos);
    if (wakeAt - now <= 0) {
      loop.execute(tick);
      return;
    }
    armedWake = wakeAt;
    loop.schedule(tick, wakeAt - now, TimeUnit.NANOSECONDS);
  }

  private void dispatch(long intended, int ph, long now) {
    long k = arrivals * workers + index;
    FlowPlan flow = flows[mix.pick(k)];
    FlowRun run = null;
    if (!flow.isStatic) {
      run = flow.start(k, ph, intended);
      if (run == null) {
        feederExhausted();
        return;
      }
    }
    arrivals++;
    long lag = now - intended;
    rec(ph, flow.steps[0].name).recordDispatch(lag, lag > GeneratorHealth.LATE_NANOS);
    Connection c = idle.pollFirst();
    if (run == null) {
      if (c != null) {
        sendFixed(c, intended, ph, flow.steps[0]);
      } else {
        rec(ph, flow.steps[0].name).countQueued();
        pending.add(intended);
        pendingFlow.add(mix.pick(k));
        ensureConnecting();
      }
    } else if (c != null) {
      sendStep(c, run);
    } else {
      rec(ph, flow.steps[0].name).countQueued();
      waiting.add(run);
      ensureConnecting();
    }
  }

  /**
   * Every {@link GeneratorHealth#HEARTBEAT_NANOS}: measures how late the loop runs a timer (a long
   * tick when the loop or its thread was held), and publishes what the sampler cannot see.
   */
  private void heartbeat() {
    long now = System.nanoTime();
    monitor.recordHeartbeat(now - heartbeatDue);
    boolean pacing = model == LoadModel.OPEN && started && !arrivalsDone;
    monitor.publish(waitingCount(), inFlight, pacing ? now - nextDue : 0);
    if (!finished) {
      // Armed from now, not from the missed due time: after a stall, one long tick, not a burst.
      heartbeatDue = now + GeneratorHealth.HEARTBEAT_NANOS;
      heartbeatTimer =
          loop.schedule(heartbeat, GeneratorHealth.HEARTBEAT_NANOS, TimeUnit.NANOSECONDS);
    }
  }

  /** A feeder that does not wrap ran out of rows: this worker's arrivals end, and the run's. */
  private void feederExhausted() {
    if (!arrivalsDone) {
      // Say why first: ending the arrivals may finish the run, which then reads the reason.
      onFeederExhausted.run();
      endArrivals(timeoutNanos);
    }
  }

  // ---- closed model -------------------------------------------------------------------------

  /** Starts the next arrival on {@code c}, due now. */
  private void sendNow(Connection c) {
    long now = System.nanoTime();
    int ph = phaseAt(now);
    long k = arrivals * workers + index;
    FlowPlan flow = flows[mix.pick(k)];
    FlowRun run = null;
    if (!flow.isStatic) {
      run = flow.start(k, ph, now);
      if (run == null) {
        idle.push(c);
        feederExhausted();
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

  // ---- sending ------------------------------------------------------------------------------

  private void sendFixed(Connection c, long intended, int ph, RequestPlan plan) {
    c.flow = null;
    write(c, c.fixedRequest(fixed, plan.name), plan.head, false, intended, ph, plan.name);
  }

  /** Sends the current step of a flow; a step that cannot be rendered fails without a send. */
  private void sendStep(Connection c, FlowRun run) {
    RequestPlan plan = run.current();
    ByteBuf bytes;
    if (plan.staticBytes != null) {
      bytes = c.fixedRequest(fixed, plan.name);
    } else {
      try {
        bytes = Unpooled.wrappedBuffer(plan.render(run));
      } catch (RuntimeException e) {
        // A value that cannot go into a request (a line break in a header): the step fails.
        rec(run.phase, plan.name).countOutcome(Outcome.CHECK_FAILED);
        release(c);
        checkDrained();
        return;
      }
    }
    c.flow = run;
    write(c, bytes, plan.head, plan.needsAnswer, run.intendedNanos, run.phase, plan.name);
  }

  private void write(
      Connection c, ByteBuf bytes, boolean head, boolean capture, long intended, int ph, int n) {
    long now = System.nanoTime();
    c.busy = true;
    // Closed model: a request is due when it is sent, so response and service time are one.
    c.intendedNanos = model == LoadModel.CLOSED ? now : intended;
    c.phase = ph;
    c.name = n;
    c.sentNanos = now;
    c.expect(head, capture);
    inFlight++;
    rec(ph, n).countSent();
    c.channel.writeAndFlush(bytes, c.channel.voidPromise());
  }

  // ---- connections --------------------------------------------------------------------------

  private Connection newConnectionFor(SocketChannel ch, ResponseDecoder decoder) {
    Connection c = new Connection(this, decoder);
    c.channel = ch;
    connections.add(c);
    return c;
  }

  private ChannelFuture open() {
    opening++;
    ChannelFuture f = bootstrap.connect(address);
    f.addListener(
        r -> {
          if (!r.isSuccess()) {
            onConnectFailed(f.channel().pipeline().get(Connection.class), r.cause());
          }
        });
    return f;
  }

  /** Opens connections for waiting arrivals, within this worker's limit. */
  private void ensureConnecting() {
    if (connections.size() < maxConnections && opening < waitingCount()) {
      open();
    }
  }

  private int waitingCount() {
    return pending.size() + waiting.size();
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

  void onConnected(Connection c) {
    opening--;
    if (finished) {
      c.channel.close();
      return;
    }
    release(c);
  }

  private void onConnectFailed(Connection c, Throwable cause) {
    opening--;
    connections.remove(c);
    lastConnectError = cause == null ? "connect failed" : String.valueOf(cause.getMessage());
    if (!started || finished) {
      return;
    }
    if (model == LoadModel.OPEN) {
      if (waitingCount() > 0) {
        failOldest(Outcome.CONNECT_ERROR);
      }
      if (waitingCount() > 0) {
        loop.execute(this::ensureConnecting);
      }
    } else if (!arrivalsDone) {
      if (!waiting.isEmpty()) {
        failOldest(Outcome.CONNECT_ERROR);
      } else {
        // The arrival this connection would carry fails; try again shortly rather than spin.
        long now = System.nanoTime();
        int ph = phaseAt(now);
        int first = flows[mix.pick(arrivals * workers + index)].steps[0].name;
        arrivals++;
        rec(ph, first).recordDispatch(0, false);
        rec(ph, first).countOutcome(Outcome.CONNECT_ERROR);
      }
      loop.schedule(this::reopenClosed, 10, TimeUnit.MILLISECONDS);
    }
    checkDrained();
  }

  private void reopenClosed() {
    if (!arrivalsDone && !finished && connections.size() < maxConnections) {
      open();
    }
  }

  void onAnswer(Connection c, int status, boolean keepAlive, Answer answer) {
    if (!c.busy) {
      return;
    }
    long now = System.nanoTime();
    Outcome outcome = Outcome.ofStatus(status);
    FlowRun run = c.flow;
    if (run != null && !outcome.isError() && answer != null) {
      if (run.current().judge(answer, run.vars) != null) {
        outcome = Outcome.CHECK_FAILED;
      }
    }
    rec(c.phase, c.name).recordAnswer(outcome, now - c.intendedNanos, now - c.sentNanos);
    c.busy = false;
    c.flow = null;
    inFlight--;
    primedOne(c);
    if (run != null && !outcome.isError() && run.step + 1 < run.plan.steps.length) {
      // The flow goes on: its next step is due now, on this connection if it stays open.
      run.step++;
      run.intendedNanos = now;
      if (keepAlive && !finished) {
        sendStep(c, run);
        return;
      }
      waiting.add(run);
      ensureConnecting();
    }
    if (keepAlive) {
      release(c);
    }
    checkDrained();
  }

  void onFailure(Connection c, Outcome outcome) {
    if (!c.busy) {
      return;
    }
    c.busy = false;
    c.flow = null; // a failed step ends its flow
    inFlight--;
    primedOne(c);
    if (outcome == Outcome.TIMEOUT) {
      long now = System.nanoTime();
      rec(c.phase, c.name).recordAnswer(outcome, now - c.intendedNanos, now - c.sentNanos);
    } else {
      rec(c.phase, c.name).countOutcome(outcome);
    }
    checkDrained();
  }

  void onClosed(Connection c) {
    connections.remove(c);
    idle.remove(c);
    if (c.busy) {
      onFailure(c, Outcome.RESET);
    }
    if (finished || !started) {
      return;
    }
    if (model == LoadModel.OPEN || !waiting.isEmpty()) {
      if (waitingCount() > 0) {
        ensureConnecting();
      }
    } else if (!arrivalsDone) {
      reopenClosed();
    }
    checkDrained();
  }

  /**
   * A connection is free: give it the oldest waiting arrival, the next closed-model request, or
   * rest.
   */
  private void release(Connection c) {
    if (!started || finished) {
      idle.push(c);
      return;
    }
    if (waitingCount() > 0) {
      sendOldest(c);
    } else if (model == LoadModel.CLOSED && !arrivalsDone) {
      sendNow(c);
    } else {
      idle.push(c);
    }
  }

  /** Whether the oldest waiting item is a fixed arrival rather than a flow step. */
  private boolean fixedIsOldest() {
    if (waiting.isEmpty()) {
      return true;
    }
    return !pending.isEmpty() && pending.peek() - waiting.peek().intendedNanos <= 0;
  }

  private void sendOldest(Connection c) {
    if (fixedIsOldest()) {
      long intended = pending.poll();
      RequestPlan plan = flows[(int) pendingFlow.poll()].steps[0];
      sendFixed(c, intended, phaseAt(intended), plan);
    } else {
      sendStep(c, waiting.poll());
    }
  }

  /** The oldest waiting item ends with {@code outcome}, unsent. */
  private void failOldest(Outcome outcome) {
    if (fixedIsOldest()) {
      long intended = pending.poll();
      RequestPlan plan = flows[(int) pendingFlow.poll()].steps[0];
      rec(phaseAt(intended), plan.name).countOutcome(outcome);
    } else {
      FlowRun run = waiting.poll();
      rec(run.phase, run.current().name).countOutcome(outcome);
    }
  }

  // ---- timeouts and the end of the run ------------------------------------------------------

  private void sweep() {
    long now = System.nanoTime();
    for (Connection c : connections.toArray(new Connection[0])) {
      if (c.busy && now - c.sentNanos > timeoutNanos) {
        c.fail(Outcome.TIMEOUT);
      }
    }
    if (arrivalsDone && !finished && now - drainDeadline >= 0) {
      abandonRest();
    }
  }

  private void endArrivals(long drainNanos) {
    if (arrivalsDone) {
      return;
    }
    arrivalsDone = true;
    drainDeadline = System.nanoTime() + drainNanos;
    checkDrained();
    if (!finished && sweeper == null) {
      abandonRest();
    }
  }

  private void checkDrained() {
    if (arrivalsDone && !finished && inFlight == 0 && waitingCount() == 0) {
      finish();
    }
  }

  /** The drain time is over: what still waits was never sent, what is in flight timed out. */
  private void abandonRest() {
    while (waitingCount() > 0) {
      failOldest(Outcome.UNSENT);
    }
    for (Connection c : connections.toArray(new Connection[0])) {
      if (c.busy) {
        c.fail(Outcome.TIMEOUT);
      }
    }
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
    for (Connection c : connections.toArray(new Connection[0])) {
      c.channel.close();
    }
    done.complete(null);
  }

  private PhaseRecorder rec(int ph, int name) {
    return ph == PRIMING ? scratch : recorders[ph][name];
  }

  /** Phase that holds an instant (System.nanoTime) of this run. */
  private int phaseAt(long nanos) {
    long offset = nanos - runStart;
    int p = phaseStart.length - 1;
    while (p > 0 && offset < phaseStart[p]) {
      p--;
    }
    return p;
  }

  @Override
  public String toString() {
    return "worker-" + index;
  }
}
