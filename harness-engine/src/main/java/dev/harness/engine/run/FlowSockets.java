package dev.harness.engine.run;

import dev.harness.engine.model.Answer;
import dev.harness.engine.model.Flow;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.model.SocketStep;
import dev.harness.engine.model.Step;
import dev.harness.engine.model.Target;
import dev.harness.engine.net.Transport;
import dev.harness.engine.result.Http2Stats;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.WebSocketStats;
import dev.harness.engine.tls.ClientTls;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The WebSockets of flows with WebSocket steps ({@code connect}, {@code send}, {@code expect},
 * {@code close}): each flow instance opens its own {@link FlowSocket} at its connect step and keeps
 * it to its close step or its end. It wraps the worker's HTTP/1.1 pool, which carries the flows'
 * HTTP steps, and stands between that pool and the worker to see when a flow with an open socket
 * ends on an HTTP step.
 *
 * <p>The {@link Dispatcher} hands every step to {@link #divert} first: a WebSocket step goes to the
 * flow's socket, an HTTP step after a WebSocket one to a free HTTP connection (or the wait queue),
 * and a step after a {@code sleep} waits on a timer, due its pause after the previous step
 * completed. A step's outcome and times reach the worker through the socket, a {@link Slot}, so
 * they are recorded under the step's name like an HTTP step's.
 *
 * <p>Thread contract: owned by one worker's event loop, like its sockets and its HTTP pool; only
 * {@link #openAll}, {@link #lastConnectError} and (after the worker is done) {@link #websocket} may
 * be called from another thread.
 */
final class FlowSockets implements ConnectionPool, ConnectionPool.Owner {
  static final AttributeKey<FlowSocket> SOCKET = AttributeKey.valueOf("harness.flow.socket");

  final EventLoop loop;
  final Worker worker;
  final Target target;
  final long timeoutNanos;
  final WsTally tally = new WsTally();
  final Bootstrap bootstrap;

  /** The WebSocket step recorded under each name index, null for an HTTP step. */
  private final SocketStep[] steps;

  /** The pause before the step of each name index (a sleep), 0 for none. */
  private final long[] pauses;

  /** Sockets opening or open, to close at the end. */
  private final Set<FlowSocket> sockets = new LinkedHashSet<>();

  /** Flows in a sleep, each with its timer. */
  private final Map<FlowRun, ScheduledFuture<?>> sleeping = new HashMap<>();

  private final String url;
  private ConnectionPool http;
  private Dispatcher dispatcher;
  private boolean closed;
  private int open;
  private int peak;
  private long opened;

  FlowSockets(
      EventLoop loop,
      RunSpec spec,
      InetSocketAddress address,
      ClientTls tls,
      long timeoutNanos,
      Worker worker) {
    this.loop = loop;
    this.worker = worker;
    this.target = spec.target();
    this.timeoutNanos = timeoutNanos;
    List<SocketStep> byName = new ArrayList<>();
    List<Long> pauseByName = new ArrayList<>();
    String first = null;
    for (Flow f : spec.flows()) {
      for (Step st : f.steps()) {
        byName.add(st.socket());
        pauseByName.add(st.pauseNanos());
        if (first == null && st.socket() instanceof SocketStep.Connect c) {
          first = c.path().toString();
        }
      }
    }
    this.steps = byName.toArray(new SocketStep[0]);
    this.pauses = pauseByName.stream().mapToLong(Long::longValue).toArray();
    // Null without a connect step (sleeps between HTTP steps only): no websocket block then.
    this.url =
        first == null ? null : (target.https() ? "wss://" : "ws://") + target.hostHeader() + first;
    int connectMillis =
        (int) Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(timeoutNanos), 60_000));
    String host = target.host();
    int port = address.getPort();
    this.bootstrap =
        new Bootstrap()
            .group(loop)
            .channel(Transport.socketChannel())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectMillis)
            .remoteAddress(address)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    FlowSocket s = ch.attr(SOCKET).get();
                    if (tls != null) {
                      ch.pipeline()
                          .addLast(tls.newHandler(ch.alloc(), host, port, s.connectMillis()));
                    }
                    ch.pipeline()
                        .addLast(new HttpClientCodec())
                        .addLast(new HttpObjectAggregator(65_536))
                        .addLast(new WebSocketClientProtocolHandler(s.config()))
                        // A message that comes in fragments is matched whole.
                        .addLast(new WebSocketFrameAggregator(1 << 20))
                        .addLast(s.handler());
                  }
                });
  }

  /** Whether the run has flows with WebSocket steps, or sleeps between HTTP steps. */
  static boolean needed(RunSpec spec) {
    return spec.flows().stream().anyMatch(Flow::hasSocketStepsOrSleeps);
  }

  /** Carries the flows' HTTP steps on {@code pool}, whose owner must be this. */
  FlowSockets over(ConnectionPool pool) {
    this.http = pool;
    return this;
  }

  /** The worker's dispatcher, which starts steps; returns this. */
  FlowSockets attach(Dispatcher d) {
    this.dispatcher = d;
    return this;
  }

  /** The WebSocket step of a name index, or null for an HTTP step. */
  SocketStep step(int name) {
    return steps[name];
  }

  // ---- routing steps ------------------------------------------------------------------------

  /** A new arrival whose first step is a WebSocket step starts here; false for an HTTP one. */
  boolean starts(FlowRun run) {
    if (steps[run.current().name] == null) {
      return false;
    }
    start(run);
    return true;
  }

  /**
   * Takes the current step of {@code run}, offered on {@code c}, when it is not an HTTP step ready
   * for {@code c}: a step whose pause is still running, a WebSocket step, or an HTTP step offered
   * on a socket. A connection taken and not needed goes back to the worker.
   */
  boolean divert(Slot c, FlowRun run) {
    int name = run.current().name;
    if (pauses[name] > 0 && run.paused != run.step) {
      run.paused = run.step;
      run.intendedNanos += pauses[name];
      long wait = run.intendedNanos - System.nanoTime();
      if (wait > 0) {
        dispatcher.hold();
        sleeping.put(run, loop.schedule(() -> woke(run), wait, TimeUnit.NANOSECONDS));
        giveBack(c);
        return true;
      }
    }
    if (steps[name] == null) {
      if (c instanceof FlowSocket) {
        resume(run);
        return true;
      }
      return false;
    }
    start(run);
    giveBack(c);
    return true;
  }

  private void woke(FlowRun run) {
    if (sleeping.remove(run) != null) {
      dispatcher.settled();
      resume(run);
    }
  }

  /** Sends the current step of {@code run}: on its socket, or on a free HTTP connection. */
  private void resume(FlowRun run) {
    if (steps[run.current().name] != null) {
      start(run);
      return;
    }
    Slot c = http.poll();
    if (c != null) {
      dispatcher.sendStep(c, run);
    } else {
      dispatcher.await(run);
    }
  }

  private void start(FlowRun run) {
    if (run.socket == null || steps[run.current().name] instanceof SocketStep.Connect) {
      if (run.socket != null) {
        run.socket.finish();
      }
      run.socket = new FlowSocket(this, run);
    }
    dispatcher.sendOwn(run.socket, run);
  }

  private void giveBack(Slot c) {
    if (!(c instanceof FlowSocket)) {
      worker.slotReady(c);
    }
  }

  // ---- what the sockets report --------------------------------------------------------------

  /** {@code s}'s step succeeded; {@code frame} is the frame an expect step matched, else null. */
  void stepDone(FlowSocket s, Answer frame) {
    FlowRun run = s.run;
    int before = run.step;
    boolean nextOnSocket =
        before + 1 < run.plan.steps.length && steps[run.plan.steps[before + 1].name] != null;
    // Reusable only when the flow's next step is on this socket: the worker then sends it here.
    worker.answered(s, 200, nextOnSocket, frame);
    if (run.step == before) {
      ended(run); // its last step, or an extraction that found nothing
    }
  }

  /** {@code s}'s step failed: the flow ends with {@code outcome}. */
  void stepFailed(FlowSocket s, Outcome outcome, String reason) {
    if (reason == null) {
      worker.failed(s, outcome);
    } else {
      worker.failed(s, outcome, reason);
    }
    ended(s.run);
  }

  /** {@code s} is upgraded. */
  void opened(FlowSocket s) {
    opened++;
    peak = Math.max(peak, ++open);
  }

  /** {@code s} is closed, or failed to open; {@code wasOpen}: it had been upgraded. */
  void gone(FlowSocket s, boolean wasOpen) {
    if (sockets.remove(s) && wasOpen) {
      open--;
    }
  }

  /** {@code s} starts to open. */
  void opening(FlowSocket s) {
    sockets.add(s);
  }

  boolean closed() {
    return closed;
  }

  /** The flow is over: its socket, if it has one, is closed. */
  private void ended(FlowRun run) {
    FlowSocket s = run.socket;
    if (s != null) {
      run.socket = null;
      s.finish();
    }
  }

  // ---- the HTTP pool's reports, passed on to the worker ---------------------------------------

  @Override
  public void slotReady(Slot slot) {
    worker.slotReady(slot);
  }

  @Override
  public void answered(Slot c, int status, boolean reusable, Answer answer) {
    FlowRun run = c.busy ? c.flow : null;
    int before = run == null ? -1 : run.step;
    worker.answered(c, status, reusable, answer);
    if (run != null && run.step == before) {
      ended(run);
    }
  }

  @Override
  public void failed(Slot c, Outcome outcome) {
    FlowRun run = c.busy ? c.flow : null;
    worker.failed(c, outcome);
    if (run != null) {
      ended(run);
    }
  }

  @Override
  public void failed(Slot c, Outcome outcome, String reason) {
    FlowRun run = c.busy ? c.flow : null;
    worker.failed(c, outcome, reason);
    if (run != null) {
      ended(run);
    }
  }

  @Override
  public void connectionError(Throwable cause) {
    worker.connectionError(cause);
  }

  @Override
  public void connectFailed() {
    worker.connectFailed();
  }

  @Override
  public void connectionLost() {
    worker.connectionLost();
  }

  // ---- the pool the worker sees: the HTTP pool, with the sockets' ends -------------------------

  @Override
  public CompletableFuture<Integer> openAll() {
    return http.openAll();
  }

  @Override
  public Slot poll() {
    return http.poll();
  }

  @Override
  public List<Slot> primingSlots() {
    return http.primingSlots();
  }

  @Override
  public void release(Slot slot) {
    if (!(slot instanceof FlowSocket)) {
      http.release(slot);
    }
  }

  @Override
  public void grow(int waiting) {
    // A flow back from its socket may wait while a connection is idle: give it that one first.
    Slot idle = http.poll();
    if (idle != null) {
      worker.slotReady(idle);
    } else {
      http.grow(waiting);
    }
  }

  @Override
  public void refill() {
    http.refill();
  }

  /**
   * Times out the HTTP requests; {@code nanos} below 0 (the drain is over) also ends every flow.
   */
  @Override
  public void timeOut(long now, long nanos) {
    http.timeOut(now, nanos);
    if (nanos >= 0) {
      return; // a socket step times out on its own timer
    }
    for (FlowSocket s : sockets.toArray(new FlowSocket[0])) {
      s.abandon();
    }
    for (FlowRun run : sleeping.keySet().toArray(new FlowRun[0])) {
      sleeping.remove(run).cancel(false);
      dispatcher.settled();
      dispatcher.rec(run.phase, run.current().name).countOutcome(Outcome.UNSENT);
      ended(run);
    }
  }

  @Override
  public void closeAll() {
    closed = true;
    http.closeAll();
    sleeping.values().forEach(f -> f.cancel(false));
    for (FlowSocket s : sockets.toArray(new FlowSocket[0])) {
      s.abandon();
      s.close();
    }
  }

  @Override
  public String lastConnectError() {
    return http.lastConnectError();
  }

  @Override
  public ConnectionMeter meter() {
    return http.meter();
  }

  @Override
  public Http2Stats http2() {
    return http.http2();
  }

  @Override
  public WebSocketStats websocket() {
    return url == null ? null : tally.stats(url, peak, opened, 0, null);
  }
}
