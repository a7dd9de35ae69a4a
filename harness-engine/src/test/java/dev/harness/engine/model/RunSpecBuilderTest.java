package dev.harness.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.harness.engine.time.InvalidInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class RunSpecBuilderTest {
  private static final long MS = 1_000_000L;
  private static final long S = 1_000 * MS;

  /** A run with every field set away from the builder's defaults. */
  static RunSpec everyFieldSet() {
    Step login =
        new Step(
            RequestSpec.of(
                "login",
                "POST",
                "/api/login",
                List.of(RequestSpec.Header.parse("Content-Type: application/json")),
                "{\"user\":\"${user}\"}".getBytes()),
            true,
            false,
            List.of(new Check.Status(List.of("200")), new Check.BodyContains("token")),
            List.of(new Extract("token", new Extract.JsonAt("/token"))));
    Step me =
        new Step(
            RequestSpec.of(
                "me",
                "GET",
                "/api/me",
                List.of(RequestSpec.Header.parse("Authorization: Bearer ${token}")),
                null),
            true,
            true,
            List.of(),
            List.of());
    Feeder users = new Feeder("users.csv", List.of("user"), List.of(List.of("ann")), false);
    Flow flow = new Flow("session", 3, List.of(login, me), users, Map.of("tenant", "t1"));
    return RunSpec.builder()
        .target(Target.parse("http://127.0.0.1:8080/"))
        .flows(List.of(flow, Flow.single(RequestSpec.of("home", "GET", "/", List.of(), null))))
        .phases(
            List.of(
                new Phase("warmup", 2 * S, new RateProfile.Constant(10), true),
                new Phase("main", 10 * S, new RateProfile.Ramp(10, 50), false)))
        .model(LoadModel.CLOSED)
        .workers(2)
        .connections(8)
        .timeoutNanos(3 * S)
        .criteria(List.of(Criterion.parse("p99 < 50ms"), Criterion.parse("availability >= 99%")))
        .resilience(
            new ResilienceSpec(
                List.of(FaultWindow.parse("at=3s,for=2s,latency 100ms")),
                List.of(Criterion.parse("p99 < 200ms")),
                List.of(Criterion.parse("errors > 50%"))))
        .probe(ProbeSpec.of("http://127.0.0.1:8080/health", 250 * MS))
        .tickNanos(2 * MS)
        .tls(new TlsSpec(List.of(), true, null, null, List.of("TLSv1.3"), null, List.of("h2")))
        .maxRequestsPerConnection(100)
        .arrivalLimit(5000)
        .targetMetrics(
            TargetMetricsSpec.of(
                "http://127.0.0.1:8080/metrics", 2 * S, List.of("jvm_threads_live_threads")))
        .shard(
            new Shard(
                1,
                4,
                java.time.Instant.parse("2026-11-26T05:00:00Z"),
                50 * MS,
                "sha256:0123456789abcdef",
                List.of("p99 < 50ms"),
                -1))
        .websocket(new WebSocketSpec(Template.parse("hi ${counter}"), null, false, 10))
        .build();
  }

  @Test
  void toBuilderKeepsEveryField() {
    RunSpec all = everyFieldSet();
    EveryField.assertAllSet(
        all,
        Map.of(
            "model", LoadModel.OPEN,
            "resilience", ResilienceSpec.NONE,
            "tickNanos", RunSpec.DEFAULT_TICK_NANOS,
            "tls", TlsSpec.DEFAULT));
    assertEquals(all, all.toBuilder().build());
  }

  @Test
  void toBuilderChangesOnlyWhatItIsGiven() {
    RunSpec all = everyFieldSet();
    Target proxy = new Target("127.0.0.1", 9090, "/");
    RunSpec moved = all.toBuilder().target(proxy).build();
    assertEquals(proxy, moved.target());
    assertEquals(all, moved.toBuilder().target(all.target()).build());
  }

  @Test
  void builderDefaultsAreNoCriteriaNoResilienceNoProbeAndTheDefaultTick() {
    RunSpec plain =
        RunSpec.builder()
            .target(Target.parse("http://127.0.0.1:8080/"))
            .request(RequestSpec.of("get", "GET", "/", List.of(), null))
            .phases(List.of(new Phase("main", S, new RateProfile.Constant(1), false)))
            .model(LoadModel.OPEN)
            .workers(1)
            .connections(1)
            .timeoutNanos(S)
            .build();
    assertEquals(List.of(), plain.criteria());
    assertEquals(ResilienceSpec.NONE, plain.resilience());
    assertEquals(null, plain.probe());
    assertEquals(RunSpec.DEFAULT_TICK_NANOS, plain.tickNanos());
  }

  @Test
  void aBadValueIsTheOneLineErrorOfTheRecord() {
    RunSpec all = everyFieldSet();
    assertRejected(
        () -> all.toBuilder().workers(9).build(), "connections (8) must be at least workers (9)");
    assertRejected(
        () -> all.toBuilder().tickNanos(20 * MS).build(),
        "tick must be between 0 and 10.00ms, got 20.00ms");
    assertRejected(() -> all.toBuilder().workers(0).build(), "workers must be at least 1, got 0");
    assertRejected(() -> all.toBuilder().timeoutNanos(0).build(), "timeout must be positive");
    assertRejected(() -> all.toBuilder().phases(List.of()).build(), "no phase to run");
    assertRejected(() -> all.toBuilder().target(null).build(), "target is missing");
    assertRejected(
        () -> all.toBuilder().phases(List.of(new Phase("main", 2 * S, null, false))).build(),
        "fault 'at=3s,for=2s,latency 100ms' starts after the run ends (2.00s, warm-up included)");
    assertRejected(
        () ->
            all.toBuilder()
                .model(LoadModel.OPEN)
                .phases(List.of(new Phase("main", 5 * S, null, false)))
                .build(),
        "phase main: a rate is required in the open model");
  }

  @Test
  void aRateAboveTheCeilingPerWorkerIsRefusedBeforeAnythingRuns() {
    RunSpec all = everyFieldSet().toBuilder().model(LoadModel.OPEN).build();
    Phase huge = new Phase("main", 5 * S, new RateProfile.Constant(1e12), false);
    assertRejected(
        () -> all.toBuilder().workers(1).phases(List.of(huge)).build(),
        "phase main: rate 1000000000000/s is above the limit of 100000000/s per worker (1 worker);"
            + " use more workers or shards");
    Phase spike = new Phase("main", 5 * S, new RateProfile.Spike(10, 3e8, S, S), false);
    assertRejected(
        () -> all.toBuilder().workers(2).phases(List.of(spike)).build(),
        "phase main: rate 300000000/s is above the limit of 100000000/s per worker (2 workers);"
            + " use more workers or shards");
    Phase fits = new Phase("main", 5 * S, new RateProfile.Constant(2e8), false);
    assertEquals(2, all.toBuilder().workers(2).phases(List.of(fits)).build().workers());
  }

  @Test
  void probeToBuilderKeepsEveryFieldAndValidatesOnBuild() {
    ProbeSpec probe =
        ProbeSpec.of("http://127.0.0.1:8080/health", 250 * MS).toBuilder()
            .timeoutNanos(100 * MS)
            .status(204)
            .contains("UP")
            .build();
    EveryField.assertAllSet(probe, Map.of());
    assertEquals(probe, probe.toBuilder().build());
    assertRejected(
        () -> probe.toBuilder().status(700).build(),
        "probe: status must be a code from 100 to 599 (or 0 for any 2xx), got 700");
  }

  private static void assertRejected(Executable build, String message) {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, build, "expected rejection: " + message);
    assertEquals(message, e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
  }
}
