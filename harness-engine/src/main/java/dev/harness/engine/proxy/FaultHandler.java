package dev.harness.engine.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Applies the byte-level faults to one client connection of the proxy: it sits next to the socket,
 * so it sees requests as they arrive and answers as they leave. Reset and black hole act on data in
 * both directions; latency, bandwidth and close-after on the answers.
 *
 * <p>Answers that must wait (latency, bandwidth) are held here, in order, each with a release time;
 * one timer releases them. A later answer never overtakes an earlier one, even when the fault was
 * switched off in between, so the client's HTTP stream stays intact. With no fault on and nothing
 * held, a write goes straight through.
 *
 * <p>Thread contract: every method runs on the connection's event loop.
 */
final class FaultHandler extends ChannelDuplexHandler {
  /** With a bandwidth limit, answers leave in slices of this share of a second's worth. */
  private static final int SLICES_PER_SECOND = 50;

  private final FaultSwitch faults;
  private final ProxyStats stats;
  private final ArrayDeque<Held> held = new ArrayDeque<>();
  private ChannelHandlerContext ctx;
  private ScheduledFuture<?> timer;

  /** Release time of the last held write: no later write leaves before it. */
  private long lastRelease;

  /** When the bandwidth budget is next free. */
  private long bandwidthFree;

  /** The close-after activation being counted, and bytes sent to the client under it. */
  private long closeAfterId;

  private long closeAfterSent;
  private ChannelPromise closeWhenDrained;
  private boolean closed;

  /** The close-after fault cut this connection: nothing more goes to the client. */
  private boolean cut;

  private final Runnable release = this::release;

  private record Held(long due, Object msg, ChannelPromise promise) {}

  FaultHandler(FaultSwitch faults, ProxyStats stats) {
    this.faults = faults;
    this.stats = stats;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    FaultSet f = faults.current();
    if (f.empty) {
      ctx.fireChannelRead(msg);
    } else if (f.reset) {
      ReferenceCountUtil.release(msg);
      reset();
    } else if (f.blackHole) {
      ReferenceCountUtil.release(msg); // swallowed: the client waits for an answer that never comes
    } else {
      ctx.fireChannelRead(msg);
    }
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    FaultSet f = faults.current();
    if (f.empty && held.isEmpty() && !cut) {
      ctx.write(msg, promise);
      return;
    }
    if (cut) {
      ReferenceCountUtil.release(msg);
      promise.tryFailure(new ClosedChannelException());
      return;
    }
    if (f.reset) {
      ReferenceCountUtil.release(msg);
      promise.trySuccess();
      reset();
      return;
    }
    if (f.blackHole) {
      ReferenceCountUtil.release(msg);
      promise.trySuccess();
      return;
    }
    if (!(msg instanceof ByteBuf buf)) {
      hold(msg, promise, System.nanoTime());
      return;
    }
    boolean closeAfterThis = false;
    if (f.closeAfter != null) {
      if (closeAfterId != f.closeAfterId) {
        closeAfterId = f.closeAfterId;
        closeAfterSent = 0;
      }
      long left = f.closeAfter.bytes() - closeAfterSent;
      if (buf.readableBytes() >= left) {
        ByteBuf head = buf.readRetainedSlice((int) Math.max(0, left));
        buf.release();
        buf = head;
        closeAfterThis = true;
        cut = true;
      }
      closeAfterSent += buf.readableBytes();
    }
    long now = System.nanoTime();
    long due = now;
    if (f.latency != null) {
      long jitter = f.latency.jitterNanos();
      due += f.latency.delayNanos();
      if (jitter > 0) {
        due += ThreadLocalRandom.current().nextLong(-jitter, jitter + 1);
      }
    }
    if (f.bandwidth != null && buf.isReadable()) {
      writeThrottled(buf, promise, due, f.bandwidth.bytesPerSecond());
    } else if (due <= now && held.isEmpty()) {
      ctx.write(buf, promise);
    } else {
      hold(buf, promise, due);
    }
    if (closeAfterThis) {
      stats.closedAfterBytes.increment();
      close(ctx, ctx.newPromise());
    }
  }

  /** Splits an answer into slices that leave no faster than the limit allows. */
  private void writeThrottled(ByteBuf buf, ChannelPromise promise, long due, long bytesPerSecond) {
    int slice = (int) Math.max(1, Math.min(1 << 20, bytesPerSecond / SLICES_PER_SECOND));
    long start = Math.max(due, bandwidthFree);
    while (buf.readableBytes() > slice) {
      ByteBuf part = buf.readRetainedSlice(slice);
      hold(part, ctx.newPromise(), start);
      start += slice * 1_000_000_000L / bytesPerSecond;
    }
    int n = buf.readableBytes();
    hold(buf, promise, start);
    bandwidthFree = start + n * 1_000_000_000L / bytesPerSecond;
  }

  private void hold(Object msg, ChannelPromise promise, long due) {
    due = Math.max(due, lastRelease);
    lastRelease = due;
    held.add(new Held(due, msg, promise));
    if (timer == null) {
      arm(System.nanoTime());
    }
  }

  private void arm(long now) {
    timer = ctx.executor().schedule(release, held.peek().due() - now, TimeUnit.NANOSECONDS);
  }

  private void release() {
    timer = null;
    long now = System.nanoTime();
    boolean wrote = false;
    while (!held.isEmpty() && held.peek().due() <= now) {
      Held h = held.poll();
      ctx.write(h.msg(), h.promise());
      wrote = true;
    }
    if (wrote) {
      ctx.flush();
    }
    if (!held.isEmpty()) {
      arm(now);
    } else if (closeWhenDrained != null) {
      ChannelPromise p = closeWhenDrained;
      closeWhenDrained = null;
      ctx.close(p);
    }
  }

  @Override
  public void flush(ChannelHandlerContext ctx) {
    // Held writes are flushed when released; this flushes what already went through.
    ctx.flush();
  }

  /** A close waits for the held answers, so a delayed answer is not cut off by it. */
  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    if (held.isEmpty() || closed) {
      closed = true;
      ctx.flush(); // what was written still leaves, as on any orderly close
      ctx.close(promise);
    } else if (closeWhenDrained == null) {
      closeWhenDrained = promise;
    } else {
      closeWhenDrained.addListener(f -> promise.trySuccess());
    }
  }

  /** Drops what is held and resets the connection (TCP RST: SO_LINGER 0, then close). */
  void reset() {
    if (closed) {
      return;
    }
    closed = true;
    stats.resets.increment();
    dropHeld();
    ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closed = true;
    dropHeld();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    dropHeld();
  }

  private void dropHeld() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
    while (!held.isEmpty()) {
      Held h = held.poll();
      ReferenceCountUtil.release(h.msg());
      h.promise().tryFailure(new ClosedChannelException());
    }
    if (closeWhenDrained != null) {
      ChannelPromise p = closeWhenDrained;
      closeWhenDrained = null;
      ctx.close(p);
    }
  }
}
