package dev.harness.engine.run;

import dev.harness.engine.model.LoadModel;
import dev.harness.engine.model.Phase;
import dev.harness.engine.model.Protocol;
import dev.harness.engine.model.RequestSpec;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.model.Target;
import dev.harness.engine.net.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Compiles the request path before the first run's time zero, without sending anything to the
 * target: a short closed-model run against a stub server on loopback, inside this JVM. The request
 * path is past the interpreter and its first compiled tier before time zero.
 *
 * <p>Why: a cold JVM runs the request path interpreted, then compiles it while the run goes. On a
 * generator with one core, the compiler threads take that core from the worker for milliseconds at
 * a time, and every arrival due meanwhile is late. At 10,000 req/s against nginx, without the
 * warm-up the first second's p99 was over 100 ms and a 30 s run's p99 15 ms; with it, 4 to 9 ms and
 * 1.6 ms (docs/performance.md). What is left is the optimising compiler's work in the first two
 * seconds. The warm-up (a 120 ms run, with its set-up and tear-down) delays the first request by
 * about 0.3 s, once per JVM; JVM launch to the first request stays under 1 s on one core.
 *
 * <p>Thread contract: {@link #run} may be called from any thread; only the first call warms up.
 */
public final class JitWarmup {
  private static final AtomicBoolean DONE = new AtomicBoolean();

  /** The HTTP/2 request path, warmed separately: its first run is the first HTTP/2 run. */
  private static final AtomicBoolean DONE_HTTP2 = new AtomicBoolean();

  private static final String ANSWER = "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok";

  private static final long RUN_NANOS = 120_000_000L;

  private JitWarmup() {}

  /**
   * Warms up once per JVM; returns the nanoseconds it took, 0 when already done. Best effort: a
   * warm-up that fails (no loopback, no port) is skipped, and the run goes on cold.
   */
  public static long run() {
    return run(Protocol.HTTP1);
  }

  /**
   * Warms up the request path of {@code protocol} once per JVM (HTTP/2 over TLS shares h2c's);
   * returns the nanoseconds it took, 0 when already done.
   */
  public static long run(Protocol protocol) {
    boolean http2 = protocol.isHttp2();
    if (!(http2 ? DONE_HTTP2 : DONE).compareAndSet(false, true)) {
      return 0;
    }
    long start = System.nanoTime();
    MultiThreadIoEventLoopGroup group =
        Transport.newGroup(1, new DefaultThreadFactory("harness-jit-warmup", true));
    ByteBuf bytes = Unpooled.directBuffer().writeBytes(ANSWER.getBytes(StandardCharsets.US_ASCII));
    ByteBuf answer = Unpooled.unreleasableBuffer(bytes.asReadOnly());
    try {
      Channel server =
          Transport.listen(
              new ServerBootstrap()
                  .group(group)
                  .channel(Transport.serverSocketChannel())
                  .childOption(ChannelOption.TCP_NODELAY, true)
                  .childHandler(http2 ? Http2Stub.initializer() : new Answerer(answer)),
              group,
              "127.0.0.1",
              0,
              "JIT warm-up: ",
              "127.0.0.1:0");
      int port = ((InetSocketAddress) server.localAddress()).getPort();
      RunSpec spec =
          RunSpec.builder()
              .target(Target.parse("http://127.0.0.1:" + port + "/"))
              .request(RequestSpec.of("warmup", "GET", "/", List.of(), null))
              .phases(List.of(new Phase("warmup", RUN_NANOS, null, false)))
              .model(LoadModel.CLOSED)
              .workers(1)
              .connections(http2 ? 4 : 16)
              .timeoutNanos(1_000_000_000L)
              .protocol(http2 ? Protocol.H2C : Protocol.HTTP1)
              .maxStreams(10)
              .build();
      new LoadRun(spec, RunListener.NONE, 100_000_000L).execute();
    } catch (TargetUnreachableException | RuntimeException e) {
      return System.nanoTime() - start;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return System.nanoTime() - start;
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      bytes.release();
    }
    return System.nanoTime() - start;
  }

  /**
   * The warm-up's server: a fixed answer for every read (one request per read, as the client sends
   * one at a time per connection), so its own code costs next to nothing to run and to compile.
   */
  @ChannelHandler.Sharable
  private static final class Answerer extends ChannelInboundHandlerAdapter {
    private final ByteBuf answer;

    Answerer(ByteBuf answer) {
      this.answer = answer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
      ctx.writeAndFlush(answer.duplicate(), ctx.voidPromise());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
