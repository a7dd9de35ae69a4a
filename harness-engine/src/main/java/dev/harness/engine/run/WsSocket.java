package dev.harness.engine.run;

import dev.harness.engine.result.Outcome;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * One WebSocket of a {@link WsPool}, and the last handler of its pipeline: it writes messages,
 * matches each text frame to the oldest message in flight whose expectation it meets (not simply to
 * the next one), and tells the pool when the upgrade is done and when the socket closes, with the
 * close code the target sent (1006 when it closed without a close frame).
 *
 * <p>Thread contract: owned by one worker's event loop, like its channel; not thread-safe.
 */
final class WsSocket extends ChannelInboundHandlerAdapter implements PooledConnection {
  static final int OPENING = 0;
  static final int OPEN = 1;
  static final int DONE = 2;

  /** RFC 6455's code for a socket closed without a close frame. */
  static final int ABNORMAL = 1006;

  final WsPool pool;
  final long intendedNanos;
  final int maxInFlight;
  Channel channel;
  int state = OPENING;

  /** The endpoint this socket upgrades to. */
  URI uri;

  /** Its chat room, numbered within its worker, or -1 for request and reply. */
  int room = -1;

  /** Whether the socket is in its pool's queue of sockets that can take a message. */
  boolean queued;

  /** The close code the target sent, or -1. */
  int closeCode = -1;

  /** What messages in flight end with when the socket closes: set when we cut it ourselves. */
  Outcome closing = Outcome.CLOSED;

  /** Why the socket was cut for a protocol error, or null. */
  String closingReason;

  private final ArrayDeque<WsSlot> free = new ArrayDeque<>();
  private final ArrayDeque<WsSlot> inFlight = new ArrayDeque<>();
  private int created;

  WsSocket(WsPool pool, long intendedNanos, int maxInFlight) {
    this.pool = pool;
    this.intendedNanos = intendedNanos;
    this.maxInFlight = maxInFlight;
  }

  /** Whether another message may go out on this socket now. */
  boolean canTake() {
    return state == OPEN && (!free.isEmpty() || created < maxInFlight) && channel.isWritable();
  }

  /** A free slot of this socket; call only when {@link #canTake}. */
  WsSlot take() {
    WsSlot s = free.pollFirst();
    if (s == null) {
      created++;
      s = new WsSlot(this);
    }
    return s;
  }

  /** Takes back a slot whose message is settled. */
  void release(WsSlot s) {
    free.addFirst(s);
  }

  /** Writes {@code s}'s message, rendered now, and waits for its reply. */
  void send(WsSlot s) {
    pool.render(s);
    String text = pool.lastText;
    inFlight.addLast(s);
    pool.tally.sent++;
    channel.writeAndFlush(new TextWebSocketFrame(text), channel.voidPromise());
    if (pool.fanOut != null) {
      s.text = text;
      if (!pool.fanOut.sent(s, text)) {
        // Alone in its room: nobody will receive it, so it is done once written.
        channel.eventLoop().execute(() -> answered(s));
      }
    }
  }

  /** {@code s}'s message (sent on this socket) is answered. */
  void answered(WsSlot s) {
    if (inFlight.remove(s)) {
      pool.owner().answered(s, 200, true, null);
    }
  }

  /** Ends {@code s}'s message with {@code outcome}; the socket stays open. */
  void failOne(WsSlot s, Outcome outcome) {
    if (pool.fanOut != null) {
      pool.fanOut.forget(s);
    }
    if (inFlight.remove(s)) {
      pool.owner().failed(s, outcome);
      pool.settledFailed(s);
    }
  }

  /** Fails every message written more than {@code nanos} before {@code now}. */
  @Override
  public void timeOut(long now, long nanos) {
    while (!inFlight.isEmpty() && now - inFlight.peekFirst().sentNanos > nanos) {
      failOne(inFlight.peekFirst(), Outcome.TIMEOUT);
    }
  }

  @Override
  public Channel channel() {
    return channel;
  }

  @Override
  public long intendedNanos() {
    return intendedNanos;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    pool.connected(this);
    ctx.fireChannelActive();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
      pool.upgraded(this);
    } else if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
      pool.handshakeFailed(this, "no upgrade answer in time");
    } else if (evt instanceof SslHandshakeCompletionEvent e) {
      pool.tlsDone(this, e);
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof TextWebSocketFrame t) {
        received(t.text());
      } else if (msg instanceof CloseWebSocketFrame c) {
        closeCode = c.statusCode() < 0 ? WebSocketCloseStatus.EMPTY.code() : c.statusCode();
        // Answer the close as RFC 6455 asks, then let the socket go.
        ctx.writeAndFlush(new CloseWebSocketFrame(closeCode, null)).addListener(f -> ctx.close());
      } else if (msg instanceof WebSocketFrame) {
        pool.tally.received++;
        pool.tally.unmatched++;
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void received(String text) {
    pool.tally.received++;
    if (pool.fanOut != null) {
      if (!pool.fanOut.isWaiting(text)) {
        pool.tally.unmatched++;
        return;
      }
      WsSlot done = pool.fanOut.received(text, System.nanoTime(), this);
      if (done != null) {
        done.socket.answered(done);
      }
      return;
    }
    Iterator<WsSlot> it = inFlight.iterator();
    while (it.hasNext()) {
      WsSlot s = it.next();
      if (s.matches(text)) {
        it.remove();
        pool.owner().answered(s, 200, true, null);
        return;
      }
    }
    pool.tally.unmatched++;
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      pool.writable(this);
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    pool.owner().connectionError(cause);
    if (state == OPENING) {
      String why =
          cause instanceof WebSocketClientHandshakeException
              ? "upgrade refused: " + cause.getMessage()
              : String.valueOf(cause.getMessage());
      if (cause instanceof WebSocketClientHandshakeException) {
        pool.handshakeFailed(this, why);
      } else {
        pool.connectFailed(this, why);
      }
    } else if (state == OPEN) {
      pool.protocolError(this, String.valueOf(cause.getMessage()));
    }
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    int was = state;
    state = DONE;
    if (was == OPENING) {
      pool.connectFailed(this, "connection closed during the upgrade");
    } else if (was == OPEN && !pool.closed()) {
      while (!inFlight.isEmpty()) {
        WsSlot s = inFlight.pollFirst();
        if (pool.fanOut != null) {
          pool.fanOut.forget(s);
        }
        if (closingReason == null) {
          pool.owner().failed(s, closing);
        } else {
          pool.owner().failed(s, closing, closingReason);
        }
      }
      pool.lost(this);
    }
    ctx.fireChannelInactive();
  }
}
