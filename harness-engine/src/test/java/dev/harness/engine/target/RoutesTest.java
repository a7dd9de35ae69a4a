package dev.harness.engine.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RoutesTest {

  @Test
  void pathDropsQueryFragmentAndAbsoluteFormAuthority() {
    assertEquals("/", Routes.path("/"));
    assertEquals("/", Routes.path("/?a=1&b=2"));
    assertEquals("/echo", Routes.path("/echo#top"));
    assertEquals("/status/503", Routes.path("http://127.0.0.1:8080/status/503?x"));
    assertEquals("/", Routes.path("http://127.0.0.1:8080"));
  }

  @Test
  void apiRoutesAreLimitedAndOnlyAuthenticatedCallsWaitTheDelay() {
    AuthTokens tokens = new AuthTokens(AuthTokens.randomSecret(), Clock.systemUTC());
    Routes routes =
        new Routes(
            TargetConfig.builder().delay(Delay.parse("5ms")).errorRate(1.0).build(), () -> tokens);
    String bearer = "Bearer " + tokens.newAccessToken("alice");
    long fiveMs = TimeUnit.MILLISECONDS.toNanos(5);

    check(routes, get("/api/auth/csrf-token", null), 200, 0);
    check(routes, get("/api/me", null), 401, 0);
    check(routes, get("/api/me", bearer), 200, fiveMs);
    check(routes, get("/api/items", bearer), 200, fiveMs);
    check(routes, get("/api/items/999", bearer), 404, fiveMs);
  }

  private static FullHttpRequest get(String uri, String authorization) {
    FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
    if (authorization != null) {
      request.headers().set("Authorization", authorization);
    }
    return request;
  }

  private static void check(Routes routes, FullHttpRequest request, int status, long workNanos) {
    PendingAnswer answer = routes.answer(request, UnpooledByteBufAllocator.DEFAULT);
    try {
      String what = request.uri() + " with " + request.headers().get("Authorization");
      assertEquals(status, answer.response.status().code(), "status of " + what);
      assertEquals(workNanos, answer.workNanos, "work time of " + what);
      assertTrue(answer.limited, "expected " + what + " to count against the limit");
    } finally {
      answer.response.release();
      request.release();
    }
  }
}
