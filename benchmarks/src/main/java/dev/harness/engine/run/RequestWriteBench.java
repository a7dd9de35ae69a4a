package dev.harness.engine.run;

import dev.harness.engine.model.RequestSpec;
import dev.harness.engine.model.Step;
import dev.harness.engine.model.Target;
import dev.harness.engine.model.Template;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a send costs before the socket: a fixed request is encoded once per run and each send writes
 * a view of its direct buffer: a duplicate per send ({@link #writeFixed}, the engine before), or
 * the connection's own view, rewound ({@link #writeFixedOwnView}, the hot path); a templated
 * request is rendered and encoded on every send ({@link #renderTemplated}). {@link #encodeOnce} is
 * the once-per-run cost, for scale. The writes go through a Netty pipeline into an {@link
 * EmbeddedChannel}: the system call a real socket makes is not in the figure.
 *
 * <p>Run: {@code bench/jmh.sh RequestWriteBench}, or {@code java -jar
 * benchmarks/target/benchmarks.jar RequestWriteBench -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class RequestWriteBench {
  private final Target target = new Target("127.0.0.1", 8080, "/");
  private final RequestSpec fixedSpec =
      new RequestSpec(
          "GET /api/items",
          "GET",
          "/api/items?limit=20",
          List.of(new RequestSpec.Header("Accept", "application/json")),
          new byte[0]);

  private RequestPlan templated;
  private ByteBuf fixed;
  private ByteBuf[] fixedByName;
  private EmbeddedChannel channel;
  private Connection connection;
  private final Values values = new Values();

  /** The values a flow would supply: its variables and the arrival number. */
  static final class Values implements Template.Values {
    long counter;

    @Override
    public String variable(String name) {
      return name.equals("token")
          ? "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTQyIn0.c2lnbmF0dXJl"
          : null;
    }

    @Override
    public long counter() {
      return counter++;
    }
  }

  @Setup
  public void setUp() {
    byte[] bytes = RequestEncoder.encode(target, fixedSpec);
    // As Worker does: the encoded request in direct memory, never released by a write.
    fixed = Unpooled.unreleasableBuffer(Unpooled.directBuffer(bytes.length).writeBytes(bytes));
    RequestSpec templatedSpec =
        new RequestSpec(
            "GET /api/items/ID",
            "GET",
            "/api/items/${counter}",
            List.of(
                new RequestSpec.Header("Accept", "application/json"),
                new RequestSpec.Header("Authorization", "Bearer ${token}")),
            new byte[0]);
    templated =
        new RequestPlan(target, new Step(templatedSpec, true, false, List.of(), List.of()), 0);
    channel = new EmbeddedChannel(new ResponseDecoder());
    fixedByName = new ByteBuf[] {fixed};
    // Only its request views are used.
    connection = new Connection(null, null, new ResponseDecoder(), channel, 0);
  }

  @TearDown
  public void tearDown() {
    channel.finishAndReleaseAll();
    fixed.unwrap().release();
  }

  /** Once per run: a request's bytes from its parts. */
  @Benchmark
  public byte[] encodeOnce() {
    return RequestEncoder.encode(target, fixedSpec);
  }

  /** Per send of a templated request: render the placeholders and encode. */
  @Benchmark
  public byte[] renderTemplated() {
    return templated.render(values);
  }

  /** Per send of a fixed request: a duplicate of the pre-encoded buffer, written and flushed. */
  @Benchmark
  public Object writeFixed() {
    channel.writeAndFlush(fixed.duplicate(), channel.voidPromise());
    return channel.readOutbound(); // what a socket would have taken
  }

  /**
   * Per send of a fixed request as a worker sends it: the connection's own view of the pre-encoded
   * buffer, rewound ({@code Connection.fixedRequest}), written and flushed.
   */
  @Benchmark
  public Object writeFixedOwnView() {
    channel.writeAndFlush(connection.fixedRequest(fixedByName, 0), channel.voidPromise());
    return channel.readOutbound();
  }

  /** For scale: encoding on every send and writing the heap bytes, what pre-encoding saves. */
  @Benchmark
  public Object encodeAndWrite() {
    channel.writeAndFlush(
        Unpooled.wrappedBuffer(RequestEncoder.encode(target, fixedSpec)), channel.voidPromise());
    ByteBuf out = channel.readOutbound();
    out.release();
    return out;
  }
}
