package dev.harness.engine.run;

import dev.harness.engine.model.LoadModel;
import dev.harness.engine.model.Phase;
import dev.harness.engine.model.Protocol;
import dev.harness.engine.model.RateProfile;
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
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Compiles the request path before the first run's time zero, without sending anything to the
 * target: load against a stub server on loopback, inside this JVM. First a 120 ms closed round,
 * which takes the shared request path past the interpreter at whatever speed the cold code has;
 * then a round in the run's own model (open: 20,000 arrivals/s, so the arrival path gets hot too),
 * which lasts at least 200 ms and ends once the JIT compilers have been quiet for two 50 ms polls,
 * or after 600 ms.
 *
 * <p>Why: a cold JVM runs the request path interpreted, then compiles it while the run goes. On a
 * generator with one core, the compiler threads take that core from the worker for milliseconds at
 * a time, and every arrival due meanwhile is late. With the closed round alone, C2 was still at
 * work for the first one to two seconds of an open run: at 20,000 req/s against nginx from one
 * pinned core the first second's p99 was 60 to 350 ms, and a 5 s run was often invalid (the
 * generator behind); with the open round it is 4 to 10 ms (docs/performance.md, "JIT warm-up and
 * start-up"). The cost is start-up: the first request comes about 0.5 s later, once per JVM.
 *
 * <p>Thread contract: {@link #run} may be called from any thread; only the first call warms up.
 */
public final class JitWarmup {
  private static final AtomicBoolean DONE = new AtomicBoolean();

  /** The HTTP/2 request path, warmed separately: its first run is the first HTTP/2 run. */
  private static final AtomicBoolean DONE_HTTP2 = new AtomicBoolean();

  /** The first, closed round. */
  private static final long FIRST_NANOS = 120_000_000L;

  /** The second round at most: it ends sooner once the compilers fall quiet. */
  private static final long MAX_NANOS = 600_000_000L;

  /** How often the second round looks at the compilers' time. */
  private static final long POLL_MILLIS = 50;

  /** Compiler time per poll below which a poll counts as quiet. */
  private static final long QUIET_MILLIS = 5;

  /** Polls the second round lasts at least. */
  private static final int MIN_POLLS = 4;

  /** Quiet polls in a row that end the second round. */
  private static final int QUIET_POLLS = 2;

  private static final long GRACE = 100_000_000L;

  /**
   * The warm-up samples its recorders this often: a real run flips them once a second, and a
   * warm-up that never flipped them left that branch out of the compiled code, which was then
   * thrown away (deoptimised) on the worker at the run's first second.
   */
  private static final long SAMPLE_NANOS = 20_000_000L;

  /** The open-model round's rate: enough arrivals to make the arrival path hot. */
  private static final double OPEN_RATE = 20_000;

  /**
   * Answers shaped like a real server's, taken in turn: with a body and without, so the parser's
   * branches are those a target takes (a warm-up that never saw an empty body had that branch
   * thrown away, and recompiled, at the run's start against nginx's {@code return 200}).
   */
  private static final String ANSWER =
      "HTTP/1.1 200 OK\r\nServer: harness-warmup\r\nDate: Thu, 26 Nov 2026 10:31:44 GMT\r\n"
          + "Content-Type: text/plain\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok"
          + "HTTP/1.1 200 OK\r\nServer: harness-warmup\r\nDate: Thu, 26 Nov 2026 10:31:44 GMT\r\n"
          + "Content-Type: text/plain\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n";

  /** Where the second answer starts in {@link #ANSWER}. */
  private static final int SECOND = ANSWER.indexOf("HTTP/1.1", 1);

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
    return run(protocol, LoadModel.CLOSED);
  }

  /**
   * Warms up the request path of {@code protocol} once per JVM, its second round in {@code model};
   * returns the nanoseconds it took, 0 when already done.
   */
  public static long run(Protocol protocol, LoadModel model) {
    boolean http2 = protocol.isHttp2();
    if (!(http2 ? DONE_HTTP2 : DONE).compareAndSet(false, true)) {
      return 0;
    }
    long start = System.nanoTime();
    MultiThreadIoEventLoopGroup group =
        Transport.newGroup(1, new DefaultThreadFactory("harness-jit-warmup", true));
    ByteBuf bytes = Unpooled.directBuffer().writeBytes(ANSWER.getBytes(StandardCharsets.US_ASCII));
    ByteBuf all = Unpooled.unreleasableBuffer(bytes.asReadOnly());
    ByteBuf[] answers = {all.slice(0, SECOND), all.slice(SECOND, ANSWER.length() - SECOND)};
    try {
      Channel server =
          Transport.listen(
              new ServerBootstrap()
                  .group(group)
                  .channel(Transport.serverSocketChannel())
                  .childOption(ChannelOption.TCP_NODELAY, true)
                  .childHandler(http2 ? Http2Stub.initializer() : new Answerer(answers)),
              group,
              "127.0.0.1",
              0,
              "JIT warm-up: ",
              "127.0.0.1:0");
      int port = ((InetSocketAddress) server.localAddress()).getPort();
      // First a short closed round: it compiles the shared request path at whatever speed the
      // cold code has (an open round would queue arrivals behind interpreted code). Then a round
      // in the run's own model, until the compilers fall quiet.
      new LoadRun(spec(port, http2, LoadModel.CLOSED, FIRST_NANOS), RunListener.NONE, GRACE)
          .sampleEvery(SAMPLE_NANOS)
          .execute();
      LoadRun last =
          new LoadRun(spec(port, http2, model, MAX_NANOS), RunListener.NONE, GRACE)
              .sampleEvery(SAMPLE_NANOS);
      CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
      ScheduledFuture<?> watch = null;
      if (jit != null && jit.isCompilationTimeMonitoringSupported()) {
        watch =
            group.scheduleAtFixedRate(
                new QuietCompilers(jit, last), POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
      }
      try {
        last.execute();
      } finally {
        if (watch != null) {
          watch.cancel(false);
        }
      }
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

  private static RunSpec spec(int port, boolean http2, LoadModel model, long nanos) {
    RateProfile rate = model == LoadModel.OPEN ? new RateProfile.Constant(OPEN_RATE) : null;
    return RunSpec.builder()
        .target(Target.parse("http://127.0.0.1:" + port + "/"))
        .request(RequestSpec.of("warmup", "GET", "/", List.of(), null))
        .phases(List.of(new Phase("warmup", nanos, rate, false)))
        .model(model)
        .workers(1)
        .connections(http2 ? 4 : 16)
        .timeoutNanos(1_000_000_000L)
        .protocol(http2 ? Protocol.H2C : Protocol.HTTP1)
        .maxStreams(10)
        .build();
  }

  /**
   * Polled every {@link #POLL_MILLIS}: stops the round once the compilers' time grew by under
   * {@link #QUIET_MILLIS} in {@link #QUIET_POLLS} polls in a row, and not before {@link #MIN_POLLS}
   * polls (the round's own code must have run, not only connected).
   *
   * <p>A known blind spot: the JVM's compilation time grows when a compilation ends, so a poll
   * during one long C2 compilation (up to about 330 ms here) counts as quiet. Rules without it were
   * measured and not kept (docs/performance.md, "Why C2 still compiles after time zero").
   *
   * <p>Thread contract: runs on the warm-up server's one event loop thread only.
   */
  private static final class QuietCompilers implements Runnable {
    private final CompilationMXBean jit;
    private final LoadRun round;
    private long compiledMillis;
    private int quietInARow;
    private int polls;

    QuietCompilers(CompilationMXBean jit, LoadRun round) {
      this.jit = jit;
      this.round = round;
      this.compiledMillis = jit.getTotalCompilationTime();
    }

    @Override
    public void run() {
      long now = jit.getTotalCompilationTime();
      quietInARow = now - compiledMillis < QUIET_MILLIS ? quietInARow + 1 : 0;
      compiledMillis = now;
      polls++;
      if (quietInARow >= QUIET_POLLS && polls >= MIN_POLLS) {
        round.stop();
      }
    }
  }

  /**
   * The warm-up's server: the next of its answers for every read (one request per read, as the
   * client sends one at a time per connection), so its own code costs next to nothing to run and to
   * compile.
   */
  @ChannelHandler.Sharable
  private static final class Answerer extends ChannelInboundHandlerAdapter {
    private final ByteBuf[] answers;

    /** Which answer is next; the server's one event loop thread is its only user. */
    private int next;

    Answerer(ByteBuf[] answers) {
      this.answers = answers;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
      ByteBuf answer = answers[next];
      next = (next + 1) % answers.length;
      ctx.writeAndFlush(answer.duplicate(), ctx.voidPromise());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
