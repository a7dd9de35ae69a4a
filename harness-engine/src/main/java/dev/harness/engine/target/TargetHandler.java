package dev.harness.engine.target;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Answers the requests of one connection. One instance per channel, used only by the channel's
 * event loop.
 *
 * <p>Each request becomes a {@link PendingAnswer} in a queue. An answer becomes ready when it has
 * its concurrency permit (if it needs one), its work time has passed and no stall is on; ready
 * answers are written from the head of the queue only, so pipelined requests are answered in order
 * even when a later one is ready first. Waiting is done with {@code schedule} on the event loop,
 * never by blocking it. Answers ready while a read is being handled are flushed once in {@link
 * #channelReadComplete}; answers that become ready later are flushed at once.
 */
final class TargetHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private final Routes routes;
  private final Freeze freeze;
  private final ConcurrencyLimiter limiter;
  private final LongAdder served;
  private final TargetMeters meters;
  private final ArrayDeque<PendingAnswer> queue = new ArrayDeque<>();

  private ChannelHandlerContext ctx;

  /** A request asked for the connection to close: requests read after it are dropped. */
  private boolean closing;

  /** The connection is gone and the queued answers released. */
  private boolean closed;

  private boolean flushOnReadComplete;

  /**
   * @param limiter shared server-wide, or {@code null} for no limit
   * @param served counts every answer written, shared server-wide
   */
  TargetHandler(Routes routes, Freeze freeze, ConcurrencyLimiter limiter, LongAdder served) {
    this(routes, freeze, limiter, served, new TargetMeters());
  }

  /**
   * @param meters counts every answer by status class, shared server-wide
   */
  TargetHandler(
      Routes routes,
      Freeze freeze,
      ConcurrencyLimiter limiter,
      LongAdder served,
      TargetMeters meters) {
    this.meters = meters;
    this.routes = routes;
    this.freeze = freeze;
    this.limiter = limiter;
    this.served = served;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (closing || closed) {
      // After a close, or once the queue was discarded, an answer would never be written or freed.
      return;
    }
    PendingAnswer answer = routes.answer(request, ctx.alloc());
    closing = answer.close;
    queue.add(answer);
    if (answer.limited
        && limiter != null
        && !limiter.tryAcquire(ctx.executor(), () -> begin(answer, false))) {
      return;
    }
    begin(answer, true);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (flushOnReadComplete) {
      flushOnReadComplete = false;
      ctx.flush();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    // A client that pipelines without reading its answers is not read from until it catches up.
    ctx.channel().config().setAutoRead(ctx.channel().isWritable());
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    discardQueue();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    discardQueue();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // Resets and half-read requests are normal under load; one connection lost is not news.
    ctx.close();
  }

  /** Starts the work on an answer that may proceed (it holds its permit if it needs one). */
  private void begin(PendingAnswer answer, boolean inRead) {
    answer.holdsPermit = answer.limited && limiter != null;
    if (closed) {
      releasePermit(answer);
      if (queue.remove(answer)) {
        answer.response.release(); // not freed by discardQueue: it came after
      }
      return;
    }
    long now = System.nanoTime();
    long wait = freeze.releaseAt(now + answer.workNanos) - now;
    if (wait <= 0) {
      complete(answer, inRead);
    } else {
      ctx.executor().schedule(() -> complete(answer, false), wait, TimeUnit.NANOSECONDS);
    }
  }

  private void complete(PendingAnswer answer, boolean inRead) {
    releasePermit(answer);
    answer.ready = true;
    writeReady(inRead);
  }

  private void writeReady(boolean inRead) {
    boolean wrote = false;
    PendingAnswer head;
    while (!closed && (head = queue.peek()) != null && head.ready) {
      queue.poll();
      served.increment();
      meters.answered(head.response.status().code());
      ChannelFuture written = ctx.write(head.response);
      wrote = true;
      if (head.close) {
        written.addListener(ChannelFutureListener.CLOSE);
        break;
      }
    }
    if (wrote) {
      if (inRead) {
        flushOnReadComplete = true;
      } else {
        ctx.flush();
      }
    }
  }

  private void releasePermit(PendingAnswer answer) {
    if (answer.holdsPermit) {
      answer.holdsPermit = false;
      limiter.release();
    }
  }

  /**
   * Frees the answers nobody will read. Their permits come back when their scheduled completion or
   * their grant runs, which still happens on this event loop after the channel is gone.
   */
  private void discardQueue() {
    closed = true;
    PendingAnswer answer;
    while ((answer = queue.poll()) != null) {
      answer.response.release();
    }
  }
}
