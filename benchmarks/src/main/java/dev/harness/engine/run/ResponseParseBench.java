package dev.harness.engine.run;

import dev.harness.engine.model.Answer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading one answer: the bytes arrive in a direct buffer from Netty's default allocator (as an
 * epoll read leaves them) and are parsed into what {@code Connection} takes when nothing is
 * checked: the status, keep-alive and the end of the answer. Each operation is one whole answer in
 * one read.
 *
 * <ul>
 *   <li>{@link #parse}: the engine's own {@link ResponseDecoder}, as a worker's connection runs it
 *       (status line, then only Content-Length, Transfer-Encoding and Connection looked at, the
 *       body skipped).
 *   <li>{@link #parseNettyBaseline}: Netty's {@code HttpResponseDecoder} with the limits the engine
 *       used (4096, 16 KiB, 64 KiB) and a handler that takes from its messages what the engine's
 *       connection took, with the same type checks in the same order: the parser the engine had
 *       before, kept here so one run measures the ratio.
 * </ul>
 *
 * <p>Shapes: {@code nginx}, what {@code bench/nginx.conf} answers (5 headers, 2-byte body); {@code
 * chunked}, 3 chunks of 100 bytes; {@code api}, 12 headers and a 1 KB JSON body.
 *
 * <p>The benchmark thread is not a Netty event-loop thread, so the allocator's and recycler's
 * thread-local caches may behave a little differently than on a worker.
 *
 * <p>Run: {@code bench/jmh.sh ResponseParseBench}, or {@code java -jar
 * benchmarks/target/benchmarks.jar ResponseParseBench -prof gc} (the gc profiler's {@code
 * gc.alloc.rate.norm} is the garbage per answer).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ResponseParseBench {
  @Param({"nginx", "chunked", "api"})
  public String shape;

  private ByteBufAllocator alloc;
  private byte[] answer;

  private EmbeddedChannel channel;
  private ChannelPipeline pipeline;
  private ResponseDecoder decoder;
  private Counter counter;

  private EmbeddedChannel nettyChannel;
  private ChannelPipeline nettyPipeline;
  private Sink sink;

  /** Takes what Connection takes from the engine's parser when nothing is checked. */
  static final class Counter implements ResponseDecoder.Listener {
    boolean keepAlive;
    long answers;

    @Override
    public void answer(int status, boolean keepAlive, Answer answer) {
      this.keepAlive = keepAlive;
      answers++;
    }

    @Override
    public void protocolError(String reason) {
      throw new IllegalStateException("bad answer: " + reason);
    }
  }

  /**
   * Takes from each of Netty's messages what the engine's Connection took before it had its own
   * parser, with the same type checks in the same order; counts whole answers.
   */
  static final class Sink extends SimpleChannelInboundHandler<HttpObject> {
    private int status;
    boolean keepAlive;
    long answers;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
      if (msg.decoderResult().isFailure()) {
        throw new IllegalStateException("bad answer", msg.decoderResult().cause());
      }
      if (msg instanceof HttpResponse response) {
        status = response.status().code();
        keepAlive = HttpUtil.isKeepAlive(response);
      }
      if (msg instanceof LastHttpContent && status != 0) {
        status = 0;
        answers++;
      } else if (msg instanceof HttpContent && status == 0 && !(msg instanceof HttpResponse)) {
        throw new IllegalStateException("content without a response");
      }
    }
  }

  @Setup
  public void setUp() {
    answer = answer(shape).getBytes(StandardCharsets.US_ASCII);
    decoder = new ResponseDecoder();
    counter = new Counter();
    decoder.listener(counter);
    channel = new EmbeddedChannel(decoder);
    pipeline = channel.pipeline();
    sink = new Sink();
    nettyChannel = new EmbeddedChannel(new HttpResponseDecoder(4096, 16 * 1024, 64 * 1024), sink);
    nettyPipeline = nettyChannel.pipeline();
    alloc = channel.alloc(); // Netty's default, as the epoll channel's reads use
  }

  @TearDown(Level.Iteration)
  public void check() {
    boolean parsed = counter.answers > 0 && counter.keepAlive;
    boolean nettyParsed = sink.answers > 0 && sink.keepAlive;
    if (!parsed && !nettyParsed) {
      throw new IllegalStateException("no answer parsed for " + shape);
    }
  }

  @TearDown
  public void tearDown() {
    channel.finishAndReleaseAll();
    nettyChannel.finishAndReleaseAll();
  }

  /** The engine's parser, as a connection runs it for a request that checks nothing. */
  @Benchmark
  public long parse() {
    ByteBuf in = alloc.directBuffer(answer.length);
    in.writeBytes(answer);
    decoder.expect(false, false);
    pipeline.fireChannelRead(in);
    pipeline.fireChannelReadComplete();
    return counter.answers;
  }

  /** Netty's HttpResponseDecoder, the engine's parser before: the baseline. */
  @Benchmark
  public long parseNettyBaseline() {
    ByteBuf in = alloc.directBuffer(answer.length);
    in.writeBytes(answer);
    nettyPipeline.fireChannelRead(in);
    nettyPipeline.fireChannelReadComplete();
    return sink.answers;
  }

  static String answer(String shape) {
    switch (shape) {
      case "nginx":
        return "HTTP/1.1 200 OK\r\n"
            + "Server: nginx/1.22.1\r\n"
            + "Date: Sun, 23 Nov 2025 13:16:33 GMT\r\n"
            + "Content-Type: text/plain\r\n"
            + "Content-Length: 2\r\n"
            + "Connection: keep-alive\r\n"
            + "\r\n"
            + "ok";
      case "chunked":
        String chunk = "x".repeat(100);
        return "HTTP/1.1 200 OK\r\n"
            + "Content-Type: text/plain\r\n"
            + "Transfer-Encoding: chunked\r\n"
            + "\r\n"
            + ("64\r\n" + chunk + "\r\n").repeat(3)
            + "0\r\n\r\n";
      case "api":
        String body = "{\"items\":[" + "{\"id\":12345,\"name\":\"item\"},".repeat(37) + "{}]}";
        StringBuilder b = new StringBuilder("HTTP/1.1 200 OK\r\n");
        b.append("Date: Sun, 23 Nov 2025 13:16:33 GMT\r\n")
            .append("Content-Type: application/json; charset=utf-8\r\n")
            .append("Content-Length: ")
            .append(body.length())
            .append("\r\n")
            .append("Connection: keep-alive\r\n")
            .append("Cache-Control: no-store, max-age=0\r\n")
            .append("ETag: \"5f2b-1a2b3c4d\"\r\n")
            .append("Vary: Accept-Encoding, Origin\r\n")
            .append("X-Request-Id: 6f1c2a9e-3b7d-4e0a-9c55-1d2e3f4a5b6c\r\n")
            .append("X-RateLimit-Limit: 1000\r\n")
            .append("X-RateLimit-Remaining: 998\r\n")
            .append("Strict-Transport-Security: max-age=31536000\r\n")
            .append("Server: envoy\r\n")
            .append("\r\n")
            .append(body);
        return b.toString();
      default:
        throw new IllegalArgumentException(shape);
    }
  }
}
