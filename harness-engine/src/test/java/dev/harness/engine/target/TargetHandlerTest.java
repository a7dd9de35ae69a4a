package dev.harness.engine.target;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * The handler's buffer and permit bookkeeping, on an {@link EmbeddedChannel} with its own clock.
 */
class TargetHandlerTest {
  private final LongAdder served = new LongAdder();

  private EmbeddedChannel channel(TargetConfig config, ConcurrencyLimiter limiter) {
    return new EmbeddedChannel(
        new TargetHandler(new Routes(config), Freeze.none(), limiter, served));
  }

  private static FullHttpRequest echo(String body) {
    return new DefaultFullHttpRequest(
        HttpVersion.HTTP_1_1, HttpMethod.POST, "/echo", Unpooled.copiedBuffer(body, UTF_8));
  }

  @Test
  void echoedBodyIsReleasedWithTheAnswer() {
    EmbeddedChannel channel = channel(TargetConfig.defaults(), null);
    FullHttpRequest request = echo("hello");
    channel.writeInbound(request);
    FullHttpResponse response = channel.readOutbound();
    assertNotNull(response, "expected an answer");
    assertEquals("hello", response.content().toString(UTF_8), "echoed body");
    assertEquals(1, request.refCnt(), "request body refCnt while the answer holds it");
    response.release();
    assertEquals(0, request.refCnt(), "request body refCnt once the answer is released");
    assertFalse(channel.finish(), "expected nothing left over");
  }

  @Test
  void delayedAnswerIsWrittenAndFlushedWhenDue() {
    EmbeddedChannel channel =
        channel(TargetConfig.builder().delay(Delay.parse("5s")).build(), null);
    channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/"));
    assertNull(channel.readOutbound(), "expected no answer before the delay");
    channel.advanceTimeBy(5, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
    FullHttpResponse response = channel.readOutbound();
    assertNotNull(response, "expected the answer once the delay passed");
    assertEquals(200, response.status().code(), "status");
    response.release();
    assertEquals(1, served.sum(), "answers served");
    assertFalse(channel.finish(), "expected nothing left over");
  }

  @Test
  void answerWaitingForAPermitIsReleasedOnCloseAndItsPermitComesBack() {
    ConcurrencyLimiter limiter = new ConcurrencyLimiter(1);
    assertTrue(limiter.tryAcquire(Runnable::run, () -> {}), "test holds the only permit");
    EmbeddedChannel channel = channel(TargetConfig.defaults(), limiter);
    FullHttpRequest request = echo("queued");
    channel.writeInbound(request);
    assertEquals(1, limiter.waiting(), "requests waiting for the permit");
    assertEquals(1, request.refCnt(), "body held by the queued answer");

    channel.close();
    assertEquals(0, request.refCnt(), "body refCnt once the connection closed");

    limiter.release();
    channel.runPendingTasks();
    assertTrue(
        limiter.tryAcquire(Runnable::run, () -> {}),
        "expected the closed connection to hand its permit back");
    assertEquals(0, served.sum(), "answers served");
  }
}
