package dev.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.model.Phase;
import dev.harness.engine.model.RateProfile;
import dev.harness.engine.model.RequestSpec;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.model.Shard;
import dev.harness.engine.result.GeneratorHealth;
import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.OutcomeCounts;
import dev.harness.engine.result.PhaseResult;
import dev.harness.engine.result.RequestResult;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.result.Stats;
import dev.harness.engine.result.Verdict;
import dev.harness.engine.testkit.Specs;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded latency stream split i mod N over N shards, each written as a run writes its --out
 * folder, merges into exactly the histograms and per-second series of the stream kept whole.
 */
class ShardMergeTest {
  private static final long S = 1_000_000_000L;
  private static final Instant START = Instant.parse("2026-11-26T05:00:00Z");
  private static final int EVENTS = 4_000;
  private static final long LENGTH = 4 * S;

  /** Arrival i is due at i ms; its response time is random (seeded), its service time half. */
  private static long due(int i) {
    return i * (LENGTH / EVENTS);
  }

  private static long[] latencies() {
    SplittableRandom r = new SplittableRandom(20261126);
    long[] v = new long[EVENTS];
    for (int i = 0; i < EVENTS; i++) {
      v[i] =
          50_000
              + (long) (-Math.log(1 - r.nextDouble()) * 2_000_000)
              + (i % 997 == 0 ? 300_000_000L : 0);
    }
    return v;
  }

  private static RunSpec spec(Shard shard) {
    return Specs.builder("http://127.0.0.1:8080/")
        .request(RequestSpec.of("get", "GET", "/", List.of(), null))
        .phases(List.of(new Phase("steady", LENGTH, new RateProfile.Constant(1000), false)))
        .workers(1)
        .connections(4)
        .timeoutNanos(S)
        .shard(shard)
        .build();
  }

  private static OutcomeCounts ok(long n) {
    long[] c = new long[Outcome.count()];
    c[Outcome.S2XX.ordinal()] = n;
    return OutcomeCounts.of(c, 0, n == 0 ? Map.of() : Map.of(200, n));
  }

  /** The part of the stream with i mod n == k, as a run's result and log lines. */
  private static Part part(long[] v, int k, int n) {
    Histogram response = new Histogram(3);
    Histogram service = new Histogram(3);
    Map<Long, Histogram> seconds = new TreeMap<>();
    for (int i = k; i < EVENTS; i += n) {
      response.recordValue(v[i]);
      service.recordValue(v[i] / 2);
      seconds.computeIfAbsent(due(i) / S, s -> new Histogram(3)).recordValue(v[i]);
    }
    List<IntervalStats> intervals = new ArrayList<>();
    LatencyLog.Recorder recorder = new LatencyLog.Recorder();
    for (long s = 0; s < LENGTH / S; s++) {
      Histogram h = seconds.getOrDefault(s, new Histogram(3));
      long c = h.getTotalCount();
      IntervalStats is =
          new IntervalStats(
              s * S,
              (s + 1) * S,
              c,
              c,
              // result.json's intervals hold no counts by status, so neither does a merge of them
              OutcomeCounts.of(
                  ok(c).asMap().values().stream().mapToLong(Long::longValue).toArray()),
              h.getValueAtPercentile(50),
              h.getValueAtPercentile(90),
              h.getValueAtPercentile(99),
              h.getMaxValue());
      intervals.add(is);
      recorder.onInterval(is, h, Map.of("get", h));
    }
    long count = response.getTotalCount();
    Stats measured = new Stats(LENGTH, count, count, ok(count), response, service);
    Shard shard =
        n == 0
            ? null
            : new Shard(
                k, n, START, Shard.DEFAULT_TOLERANCE_NANOS, "sha256:t", List.of("p99 < 1s"), 1_000);
    RunResult r =
        RunResult.builder()
            .spec(spec(shard))
            .startedAt(START)
            .verdict(Verdict.PASS)
            .phases(List.of(new PhaseResult("steady", false, 1000, measured)))
            .measured(measured)
            .intervals(intervals)
            .generator(new GeneratorHealth(1, new Histogram(3), 0, count))
            .requests(List.of(new RequestResult("get", measured)))
            .build();
    return new Part(r, recorder, seconds);
  }

  private record Part(RunResult result, LatencyLog.Recorder log, Map<Long, Histogram> seconds) {}

  @Test
  void shardsSplitIModNMergeIntoExactlyTheWholeStream(@TempDir Path dir) throws Exception {
    long[] v = latencies();
    Part whole = part(v, 0, 1);
    // latency.hlog keeps per-second lines at two significant digits (docs/long-runs.md): the whole
    // stream's per-second histograms and series, read back from its own log the way a merge reads
    // the shards', are what the shards must add up to exactly.
    Path wholeDir = dir.resolve("whole");
    java.nio.file.Files.createDirectories(wholeDir);
    ReportSet.of(whole.result(), RunInfo.ofThisMachine("t", "t", null).withId("w"), whole.log())
        .writeTo(wholeDir, null);
    ShardMerge one = ShardMerge.of(ShardSet.read(List.of(wholeDir)));
    for (int n : new int[] {2, 3, 8}) {
      List<Path> dirs = new ArrayList<>();
      for (int k = 0; k < n; k++) {
        Part p = part(v, k, n);
        Path d = dir.resolve(n + "-" + k);
        java.nio.file.Files.createDirectories(d);
        ReportSet.of(p.result(), RunInfo.ofThisMachine("t", "t", null).withId("id" + k), p.log())
            .writeTo(d, null);
        dirs.add(d);
      }
      ShardSet set = ShardSet.read(dirs);
      assertTrue(set.problems().isEmpty(), set.problems().toString());
      ShardMerge m = ShardMerge.of(set);
      String what = n + " shards";
      Stats single = whole.result().measured();
      assertEquals(single.response(), m.measured().response(), what + ": measured response");
      assertEquals(single.service(), m.measured().service(), what + ": measured service");
      assertEquals(single.outcomes(), m.measured().outcomes(), what + ": outcomes");
      assertEquals(single.scheduled(), m.measured().scheduled(), what + ": scheduled");
      assertEquals(
          single.response(),
          m.requests().get(0).stats().response(),
          what + ": the request name's response");
      assertEquals(one.perSecond(), m.perSecond(), what + ": per-second histograms");
      assertEquals(one.intervals(), m.intervals(), what + ": per-second series");
      assertEquals(
          single.response().getValueAtPercentile(99.9),
          m.measured().response().getValueAtPercentile(99.9),
          what + ": p99.9");
    }
  }

  @Test
  void aMissingShardIsNamedAndTheOthersStillAddUp(@TempDir Path dir) throws Exception {
    long[] v = latencies();
    Part p = part(v, 0, 3);
    Path d = dir.resolve("s0");
    java.nio.file.Files.createDirectories(d);
    ReportSet.of(p.result(), RunInfo.ofThisMachine("t", "t", null).withId("x"), p.log())
        .writeTo(d, null);
    ShardSet set = ShardSet.read(List.of(d, d));
    List<String> texts = set.problems().stream().map(ShardSet.Problem::text).toList();
    assertTrue(
        texts.stream().anyMatch(t -> t.contains("shard 0 is given twice")), texts.toString());
    assertTrue(
        texts.stream().anyMatch(t -> t.contains("shard 1 of 3 is missing")), texts.toString());
    assertTrue(
        texts.stream().anyMatch(t -> t.contains("shard 2 of 3 is missing")), texts.toString());
    assertEquals(List.of(0, 1, 2), List.copyOf(set.absent()));
  }
}
