package dev.harness.engine.target;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
