package dev.harness.engine.run;

import dev.harness.engine.model.Answer;
import dev.harness.engine.model.RequestSpec;
import dev.harness.engine.model.RequestText;
import dev.harness.engine.model.SocketStep;
import dev.harness.engine.model.Template;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.tls.TlsFailure;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One flow instance's WebSocket, from its connect step to its close step or the flow's end, and the
 * {@link Slot} its WebSocket steps are recorded through. Netty's client handshaker does the
 * upgrade. Text frames are kept in an inbox until an expect step accepts one: an expect takes the
 * first frame, waiting or still to come, that meets its conditions, so other traffic on the socket
 * (a chat room's messages) neither answers it nor fails it.
 *
 * <p>An expect's times count from the send it answers (the last send step on this socket; without
 * one, the expect's own start): response time from that send's intended time, service time from its
 * write, to the frame's arrival.
 *
 * <p>Thread contract: owned by one worker's event loop, like its channel; not thread-safe.
 */
final class FlowSocket extends Slot {
  private static final int IDLE = 0;
  private static final int OPENING = 1;
  private static final int OPEN = 2;
  private static final int CLOSING = 3;
  private static final int DONE = 4;

  /** Frames kept for later expect steps at most; the oldest beyond are dropped as unmatched. */
  static final int INBOX = 256;

  /** RFC 6455's code for a socket closed without a close frame. */
  private static final int ABNORMAL = 1006;

  private record Frame(Answer answer, long nanos) {}

  final FlowRun run;
  private final FlowSockets pool;
  private final ArrayDeque<Frame> inbox = new ArrayDeque<>();
  private Channel channel;
  private int state = IDLE;
  private WebSocketClientProtocolConfig config;
  private long connectNanos;

  /** The step in flight, or null. */
  private SocketStep step;

  private ScheduledFuture<?> timer;

  /** The last send's intended time and write time, the base of the expects after it; -1: none. */
  private long sendIntended = -1;

  private long sendWritten;
  private int closeCode = -1;

  FlowSocket(FlowSockets pool, FlowRun run) {
    this.pool = pool;
    this.run = run;
  }

  WebSocketClientProtocolConfig config() {
    return config;
  }

  long connectMillis() {
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(connectNanos));
  }

  ChannelInboundHandlerAdapter handler() {
    return new Handler();
  }

  @Override
  ByteBuf fixedRequest(ByteBuf[] fixed, int name) {
    return Unpooled.EMPTY_BUFFER;
  }

  /** Carries out the current step of the flow; the dispatcher has set this slot's fields. */
  @Override
  void send(ByteBuf request, boolean head, boolean capture) {
    step = pool.step(name);
    if (step instanceof SocketStep.Connect c) {
      connect(c);
    } else if (state != OPEN) {
      failClosed();
    } else if (step instanceof SocketStep.Send s) {
      String text = s.text().render(run);
      sendIntended = intendedNanos;
      sendWritten = sentNanos;
      pool.tally.sent++;
      arm(0);
      channel
          .writeAndFlush(new TextWebSocketFrame(text))
          .addListener(f -> written(s, f.isSuccess(), f.cause()));
    } else if (step instanceof SocketStep.Expect e) {
      arm(e.timeoutNanos());
      Iterator<Frame> it = inbox.iterator();
      while (it.hasNext()) {
        Frame f = it.next();
        if (e.accepts(f.answer, run)) {
          it.remove();
          matched(f);
          return;
        }
      }
    } else if (step instanceof SocketStep.Close c) {
      state = CLOSING;
      arm(0);
      channel.writeAndFlush(new CloseWebSocketFrame(c.code(), null));
    }
  }

  private void connect(SocketStep.Connect c) {
    state = OPENING;
    sendIntended = -1;
    connectNanos = c.timeoutNanos() > 0 ? c.timeoutNanos() : pool.timeoutNanos;
    String path = c.path().render(run);
    String problem = RequestText.pathProblem(path);
    HttpHeaders headers = new DefaultHttpHeaders();
    List<RequestSpec.Header> given = c.headers();
    List<Template> values = c.headerValues();
    for (int i = 0; i < given.size() && problem == null; i++) {
      String value = values.get(i).render(run);
      problem = RequestText.headerValueProblem(value);
      if (problem != null) {
        // The reason names the header, never its value (a token): it goes into reports.
        problem = "value of header '" + given.get(i).name() + "' " + problem;
      } else {
        headers.add(given.get(i).name(), value);
      }
    }
    URI uri = null;
    if (problem == null && !path.startsWith("/")) {
      problem = "path does not start with '/'";
    } else if (problem == null) {
      try {
        uri = new URI((pool.target.https() ? "wss://" : "ws://") + pool.target.hostHeader() + path);
      } catch (URISyntaxException e) {
        problem = "path is not a valid URI: " + e.getReason();
      }
    }
    if (problem != null) {
      state = DONE;
      fail(Outcome.REQUEST_ERROR, reason("connect: " + problem));
      return;
    }
    config =
        WebSocketClientProtocolConfig.newBuilder()
            .webSocketUri(uri)
            .customHeaders(headers)
            .version(WebSocketVersion.V13)
            .handleCloseFrames(false)
            .handshakeTimeoutMillis(connectMillis())
            .maxFramePayloadLength(1 << 20)
            .build();
    pool.opening(this);
    ChannelFuture f =
        pool.bootstrap
            .clone()
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectMillis())
            .attr(FlowSockets.SOCKET, this)
            .connect();
    channel = f.channel();
    ConnectionPool.onConnectFailure(
        f, pool.loop, () -> failedToOpen(Outcome.CONNECT_ERROR, connectFailure(f)));
  }

  private String connectFailure(ChannelFuture f) {
    Throwable cause = f.cause();
    if (cause != null) {
      pool.worker.connectionError(cause);
    }
    return cause == null ? "connect failed" : String.valueOf(cause.getMessage());
  }

  private void written(SocketStep.Send s, boolean ok, Throwable cause) {
    if (step != s) {
      return;
    }
    if (ok) {
      succeed(null);
    } else {
      fail(Outcome.CLOSED, reason("send: not written: " + cause));
    }
  }

  /** Fails the current step unless it waits for something: its timer ends it after that long. */
  private void arm(long stepTimeoutNanos) {
    long nanos = stepTimeoutNanos > 0 ? stepTimeoutNanos : pool.timeoutNanos;
    SocketStep armed = step;
    timer = pool.loop.schedule(() -> timedOut(armed, nanos), nanos, TimeUnit.NANOSECONDS);
  }

  private void timedOut(SocketStep armed, long nanos) {
    if (step == armed && armed != null) {
      String what = armed instanceof SocketStep.Expect ? "no matching frame" : "not done";
      fail(
          Outcome.TIMEOUT, reason(what + " within " + TimeUnit.NANOSECONDS.toMillis(nanos) + "ms"));
    }
  }

  private void matched(Frame f) {
    // Times count from the send this frame answers, up to the frame's arrival.
    long late = System.nanoTime() - f.nanos;
    if (sendIntended >= 0) {
      intendedNanos = sendIntended + late;
      sentNanos = sendWritten + late;
    } else {
      intendedNanos += late;
      sentNanos += late;
    }
    succeed(f.answer);
  }

  private void succeed(Answer frame) {
    step = null;
    cancelTimer();
    pool.stepDone(this, frame);
  }

  private void fail(Outcome outcome, String reason) {
    step = null;
    cancelTimer();
    pool.stepFailed(this, outcome, reason);
  }

  /** A step on a socket the target closed (or never opened) fails as closed, with the code. */
  private void failClosed() {
    int code = closeCode < 0 ? ABNORMAL : closeCode;
    fail(Outcome.CLOSED, reason("socket closed by the target with code " + code));
  }

  /** A failure's reason under the step's name. */
  private String reason(String why) {
    return run.current().reason(why);
  }

  private void cancelTimer() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  /** The flow is over: closes the socket politely (a close frame, then the connection). */
  void finish() {
    if (state == OPEN) {
      state = CLOSING;
      channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE));
      // The target answers with its close frame; one that does not is cut after the timeout.
      pool.loop.schedule(this::close, pool.timeoutNanos, TimeUnit.NANOSECONDS);
    } else if (state == OPENING) {
      gaveUp();
    }
  }

  /** Stops an upgrade in progress: the flow gave up on it, so it is no connect error. */
  private void gaveUp() {
    state = DONE;
    pool.gone(this, false);
    close();
  }

  /** Closes the connection now. */
  void close() {
    if (channel != null) {
      channel.close();
    }
  }

  /** The run's drain is over: a step still in flight times out, and the socket goes. */
  void abandon() {
    if (step != null) {
      fail(Outcome.TIMEOUT, null);
    }
    if (state == OPENING) {
      gaveUp();
    }
    close();
  }

  @Override
  String connectionId() {
    return channel == null ? "-" : channel.id().asShortText();
  }

  @Override
  void fail(Outcome outcome) {
    if (step != null) {
      fail(outcome, null);
    }
  }

  // ---- what the channel says ----------------------------------------------------------------

  private void upgraded() {
    if (state != OPENING) {
      return;
    }
    state = OPEN;
    pool.opened(this);
    pool.tally.connectTime.recordValue(Math.max(0, System.nanoTime() - intendedNanos));
    if (step instanceof SocketStep.Connect) {
      if (pool.closed()) {
        close();
        return;
      }
      succeed(null);
    }
  }

  private void failedToOpen(Outcome outcome, String why) {
    if (state != OPENING) {
      return;
    }
    state = DONE;
    pool.gone(this, false);
    if (outcome == Outcome.HANDSHAKE_ERROR) {
      pool.tally.handshakeErrors++;
    } else {
      pool.tally.connectErrors++;
    }
    close();
    if (step instanceof SocketStep.Connect) {
      fail(outcome, reason(why));
    }
  }

  private void frame(String text) {
    pool.tally.received++;
    Frame f =
        new Frame(
            new Answer(200, h -> null, text.getBytes(StandardCharsets.UTF_8)), System.nanoTime());
    if (step instanceof SocketStep.Expect e && e.accepts(f.answer, run)) {
      matched(f);
      return;
    }
    if (inbox.size() == INBOX) {
      inbox.pollFirst();
      pool.tally.unmatched++;
    }
    inbox.addLast(f);
  }

  private void inactive() {
    if (state == OPENING) {
      failedToOpen(Outcome.CONNECT_ERROR, "connection closed during the upgrade");
      return;
    }
    int was = state;
    state = DONE;
    pool.gone(this, was == OPEN || was == CLOSING);
    pool.tally.unmatched += inbox.size();
    inbox.clear();
    if (was == OPEN) {
      pool.tally.closed(closeCode < 0 ? ABNORMAL : closeCode);
    }
    if (step instanceof SocketStep.Close && was == CLOSING) {
      succeed(null);
    } else if (step != null) {
      failClosed();
    }
  }

  /** The last handler of the socket's pipeline: tells the socket what its channel saw. */
  private final class Handler extends ChannelInboundHandlerAdapter {
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
        upgraded();
      } else if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
        failedToOpen(Outcome.HANDSHAKE_ERROR, "no upgrade answer in time");
      } else if (evt instanceof SslHandshakeCompletionEvent e && !e.isSuccess()) {
        failedToOpen(Outcome.CONNECT_ERROR, TlsFailure.reason(e.cause()));
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (msg instanceof TextWebSocketFrame t) {
          frame(t.text());
        } else if (msg instanceof CloseWebSocketFrame c) {
          closeCode = c.statusCode() < 0 ? WebSocketCloseStatus.EMPTY.code() : c.statusCode();
          if (state == CLOSING) {
            ctx.close(); // the target answered our close: the closing handshake is done
          } else {
            // Answer the target's close as RFC 6455 asks, then let the socket go.
            ctx.writeAndFlush(new CloseWebSocketFrame(closeCode, null))
                .addListener(f -> ctx.close());
          }
        } else if (msg instanceof WebSocketFrame) {
          pool.tally.received++;
          pool.tally.unmatched++;
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      pool.worker.connectionError(cause);
      if (state == OPENING) {
        if (cause instanceof WebSocketClientHandshakeException) {
          failedToOpen(Outcome.HANDSHAKE_ERROR, "upgrade refused: " + cause.getMessage());
        } else {
          failedToOpen(Outcome.CONNECT_ERROR, String.valueOf(cause.getMessage()));
        }
      } else if (state == OPEN) {
        pool.tally.protocolErrors++;
        if (step != null) {
          fail(Outcome.PROTOCOL_ERROR, reason(String.valueOf(cause.getMessage())));
        }
      }
      ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      inactive();
      ctx.fireChannelInactive();
    }
  }
}
