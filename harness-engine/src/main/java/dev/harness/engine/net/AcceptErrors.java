package dev.harness.engine.net;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The handler of a listening channel that outlives a flood of connections: when accepting fails (no
 * file descriptor left: "Too many open files"), accepting pauses for {@link #PAUSE_MILLIS} and
 * resumes, and one line a second at most is logged, not a stack trace per refused connection. The
 * connections already served go on; those beyond the limit wait in the backlog or are refused by
 * the kernel, and once descriptors free up the server accepts again.
 *
 * <p>Put it on the server channel with {@code ServerBootstrap.handler}. Shared: its state is only
 * touched on the listening channel's event loop.
 */
@ChannelHandler.Sharable
public final class AcceptErrors extends ChannelInboundHandlerAdapter {
  /** How long accepting pauses after a failure: short, so the server recovers soon after. */
  static final long PAUSE_MILLIS = 100;

  private static final InternalLogger LOG = InternalLoggerFactory.getInstance(AcceptErrors.class);
  private static final long LOG_EVERY_NANOS = 1_000_000_000L;

  private final String what;
  private long lastLogged = System.nanoTime() - LOG_EVERY_NANOS;
  private long unlogged;

  /**
   * @param what the server, as the log line names it, e.g. {@code "target"}
   */
  public AcceptErrors(String what) {
    this.what = what;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!(cause instanceof IOException)) {
      ctx.fireExceptionCaught(cause);
      return;
    }
    ctx.channel().config().setAutoRead(false);
    ctx.executor()
        .schedule(
            () -> {
              ctx.channel().config().setAutoRead(true);
            },
            PAUSE_MILLIS,
            TimeUnit.MILLISECONDS);
    unlogged++;
    long now = System.nanoTime();
    if (now - lastLogged >= LOG_EVERY_NANOS) {
      LOG.warn(
          "{}: cannot accept connections ({}; {} times since the last report): pausing accepts {}ms",
          what,
          cause.getMessage(),
          unlogged,
          PAUSE_MILLIS);
      lastLogged = now;
      unlogged = 0;
    }
  }
}
