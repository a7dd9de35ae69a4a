package dev.harness.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.model.Protocol;
import dev.harness.engine.result.Http2Stats;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.OutcomeCounts;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.target.TargetConfig;
import dev.harness.engine.target.TargetServer;
import dev.harness.engine.testkit.Specs;
import org.junit.jupiter.api.Test;

/** HTTP/2 runs (h2c, prior knowledge) on loopback against the embedded target and a rude server. */
class Http2RunTest {

  private static TargetServer h2Target(int maxConcurrentStreams) {
    return TargetServer.start(
        TargetConfig.builder().http2(true).maxConcurrentStreams(maxConcurrentStreams).build());
  }

  @Test
  void openModelOverH2cAnswersEveryRequest() throws Exception {
    try (TargetServer target = h2Target(0)) {
      RunResult r =
          Runs.run(
              Specs.open(target.url() + "/", 500, 2, 1, 2).toBuilder()
                  .protocol(Protocol.H2C)
                  .build());
      OutcomeCounts o = r.measured().outcomes();
      assertEquals(1000, r.measured().requests(), o.toString());
      assertEquals(1000, o.get(Outcome.S2XX), o.toString());
      Http2Stats h = r.http2();
      assertEquals("h2c", h.protocol());
      assertTrue(h.connectionsOpened() >= 1 && h.connectionsOpened() <= 2, h.toString());
      assertTrue(target.requestsServed() >= 1000, "served " + target.requestsServed());
    }
  }

  @Test
  void closedModelKeepsMaxStreamsInFlightPerConnection() throws Exception {
    try (TargetServer target = h2Target(0)) {
      RunResult r =
          Runs.run(
              Specs.closed(target.url() + "/", 1, 1, 2).toBuilder()
                  .protocol(Protocol.H2C)
                  .maxStreams(10)
                  .build());
      Http2Stats h = r.http2();
      assertEquals(0, r.measured().errors(), r.measured().outcomes().toString());
      assertTrue(r.measured().requests() > 100, "requests " + r.measured().requests());
      assertTrue(h.maxStreamsInFlight() <= 10, h.toString());
      assertTrue(h.maxStreamsInFlight() > 1, h.toString());
    }
  }

  @Test
  void theServersConcurrentStreamsLimitCapsMaxStreams() throws Exception {
    try (TargetServer target = h2Target(8)) {
      RunResult r =
          Runs.run(
              Specs.closed(target.url() + "/", 1, 1, 1).toBuilder()
                  .protocol(Protocol.H2C)
                  .maxStreams(200)
                  .build());
      Http2Stats h = r.http2();
      assertEquals(0, r.measured().errors(), r.measured().outcomes().toString());
      assertEquals(8, h.peerMaxConcurrentStreams(), h.toString());
      assertTrue(h.maxStreamsInFlight() <= 8 && h.maxStreamsInFlight() > 1, h.toString());
    }
  }

  @Test
  void goAwayAndResetStreamsAreTheirOwnOutcomesAndTheRunGoesOn() throws Exception {
    try (Http2Server server = new Http2Server(7, 60)) {
      RunResult r =
          Runs.run(
              Specs.closed(server.url(), 2, 1, 1).toBuilder()
                  .protocol(Protocol.H2C)
                  .maxStreams(10)
                  .build());
      OutcomeCounts o = r.measured().outcomes();
      Http2Stats h = r.http2();
      assertTrue(o.get(Outcome.GOAWAY) > 0, o.toString());
      assertTrue(o.get(Outcome.STREAM_RESET) > 0, o.toString());
      assertEquals(0, o.get(Outcome.RESET) + o.get(Outcome.TIMEOUT), o.toString());
      // Each GOAWAY ends a connection after 60 streams: the run needed many to go on.
      assertTrue(h.goAways() >= 3, h.toString());
      assertTrue(h.connectionsOpened() >= 4, h.toString());
      assertTrue(o.get(Outcome.S2XX) > 150, o.toString());
      // One sent as the run ended may never have been read.
      assertTrue(h.goAways() <= server.goAwaysSent.get(), h + " " + server.goAwaysSent);
    }
  }

  @Test
  void aStreamThatTimesOutIsResetAndItsSlotServesAgain() throws Exception {
    try (Http2Server server = new Http2Server(0, 0, 25)) {
      RunResult r =
          Runs.run(
              Specs.closed(server.url(), 2, 1, 1).toBuilder()
                  .protocol(Protocol.H2C)
                  .maxStreams(4)
                  .timeoutNanos(100_000_000L)
                  .build());
      OutcomeCounts o = r.measured().outcomes();
      // One stream in 25 is never answered: each times out, is reset, and its slot comes back,
      // so the four slots keep carrying requests to the end instead of running out.
      assertTrue(o.get(Outcome.TIMEOUT) >= 4, o.toString());
      assertTrue(o.get(Outcome.S2XX) > 10 * o.get(Outcome.TIMEOUT), o.toString());
      assertEquals(0, o.get(Outcome.RESET) + o.get(Outcome.STREAM_RESET), o.toString());
      assertEquals(1, r.http2().connectionsOpened(), r.http2().toString());
    }
  }

  @Test
  void aLowerLimitFromTheServerMidRunShrinksTheSlots() throws Exception {
    try (Http2Server server = new Http2Server(0, 0)) {
      server.lowerTo = 2;
      server.lowerAfter = 30;
      RunResult r =
          Runs.run(
              Specs.closed(server.url(), 1, 1, 1).toBuilder()
                  .protocol(Protocol.H2C)
                  .maxStreams(8)
                  .build());
      OutcomeCounts o = r.measured().outcomes();
      // Each slot above the new limit is dropped once, its request refused unsent.
      long refused = o.get(Outcome.REFUSED_STREAM);
      assertTrue(refused >= 1 && refused <= 6, o.toString());
      assertEquals(0, o.get(Outcome.RESET) + o.get(Outcome.TIMEOUT), o.toString());
      assertTrue(o.get(Outcome.S2XX) > 100, o.toString());
      assertEquals(1, r.http2().connectionsOpened(), r.http2().toString());
    }
  }

  @Test
  void aServerThatDoesNotSpeakHttp2IsNamed() throws Exception {
    try (TargetServer http1 = TargetServer.start(TargetConfig.defaults())) {
      TargetUnreachableException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              TargetUnreachableException.class,
              () ->
                  Runs.run(
                      Specs.open(http1.url() + "/", 100, 1, 1, 1).toBuilder()
                          .protocol(Protocol.H2C)
                          .build()));
      assertTrue(e.getMessage().contains("HTTP/2"), e.getMessage());
    }
  }
}
