package dev.harness.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.model.Protocol;
import dev.harness.engine.net.Transport;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.testkit.Specs;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The JIT warm-up's h2c stub answers every stream (the warm-up itself hides its failures). */
class Http2StubTest {
  @Tag("timing") // how many requests a 1 s closed run gets through depends on the machine
  @Test
  void theStubAnswersEveryStreamAndTheHttp2WarmUpRunsOnce() throws Exception {
    EventLoopGroup group = Transport.newGroup(1, new DefaultThreadFactory("stub-test", true));
    try {
      Channel server =
          new ServerBootstrap()
              .group(group)
              .channel(Transport.serverSocketChannel())
              .childHandler(Http2Stub.initializer())
              .bind("127.0.0.1", 0)
              .sync()
              .channel();
      int port = ((InetSocketAddress) server.localAddress()).getPort();
      RunResult r =
          Runs.run(
              Specs.closed("http://127.0.0.1:" + port + "/", 1, 1, 2).toBuilder()
                  .protocol(Protocol.H2C)
                  .maxStreams(10)
                  .build());
      assertEquals(0, r.measured().errors(), r.measured().outcomes().toString());
      assertTrue(r.measured().requests() > 100, "requests " + r.measured().requests());
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
    long first = JitWarmup.run(Protocol.H2C);
    assertTrue(first == 0 || first >= 100_000_000L, "a warm-up runs its 120 ms: " + first);
    assertEquals(0, JitWarmup.run(Protocol.H2), "h2 shares h2c's warm-up");
  }
}
