package dev.harness.engine.model;

import dev.harness.engine.time.InvalidInputException;
import java.time.Instant;
import java.util.List;

/**
 * This process's part of a test spread over several processes ({@code --shard K/N}): the rate,
 * phases and criteria describe the whole test, and shard {@code index} of {@code count} sends the
 * arrivals i of the whole schedule with {@code i mod count == index}. Worker w of W of the shard
 * takes stripe {@code index + count * w} of {@code count * W} (see {@link #stripe}), so the shards'
 * workers together are exactly the single-process schedule. {@code harness merge} puts the shards'
 * results back together and judges the criteria once.
 *
 * @param index this shard, from 0 (as Kubernetes' JOB_COMPLETION_INDEX)
 * @param count shards of the test
 * @param startAt the wall-clock instant every shard starts at, the common time zero; null to start
 *     as soon as the connections are open
 * @param toleranceNanos a shard that reaches {@code startAt} later than this refuses to run
 * @param scenarioHash names the test: equal for every shard of one test ({@code harness merge}
 *     checks it)
 * @param criteria the whole test's criteria as written; a shard does not judge them (its part would
 *     fail a rate criterion), the merge does
 * @param startLagNanos how late after {@code startAt} the shard's schedule began; -1 while unknown
 */
public record Shard(
    int index,
    int count,
    Instant startAt,
    long toleranceNanos,
    String scenarioHash,
    List<String> criteria,
    long startLagNanos) {

  /** Most shards of one test: far beyond any cluster's pods per Job, a typo beyond. */
  public static final int MAX_SHARDS = 10_000;

  /** Default {@link #toleranceNanos}: 100 ms. */
  public static final long DEFAULT_TOLERANCE_NANOS = 100_000_000L;

  public Shard {
    if (count < 1 || count > MAX_SHARDS) {
      throw new InvalidInputException(
          "--shard: the count must be 1 to " + MAX_SHARDS + ", got " + count);
    }
    if (index < 0 || index >= count) {
      throw new InvalidInputException(
          "--shard: the index must be 0 to "
              + (count - 1)
              + " for "
              + count
              + " shards, got "
              + index);
    }
    if (toleranceNanos < 0) {
      throw new InvalidInputException("--start-tolerance must not be negative");
    }
    criteria = criteria == null ? List.of() : List.copyOf(criteria);
  }

  /**
   * Parses {@code K/N} as {@code --shard} takes it.
   *
   * @throws InvalidInputException naming what is wrong
   */
  public static int[] parse(String text) {
    String[] parts = text.strip().split("/", -1);
    if (parts.length != 2) {
      throw new InvalidInputException(
          "--shard takes K/N (shard K of N, K from 0), got '" + text + "'");
    }
    try {
      return new int[] {Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip())};
    } catch (NumberFormatException e) {
      throw new InvalidInputException(
          "--shard takes K/N (shard K of N, K from 0), got '" + text + "'");
    }
  }

  /** This shard with its start lag measured. */
  public Shard withStartLag(long nanos) {
    return new Shard(index, count, startAt, toleranceNanos, scenarioHash, criteria, nanos);
  }

  /** {@code K/N}. */
  public String label() {
    return index + "/" + count;
  }

  /**
   * The stripe of the whole schedule that worker {@code worker} of {@code workers} of {@code shard}
   * sends, as an index of {@link #stripes}: {@code index + count * worker}; without a shard, the
   * worker itself.
   */
  public static int stripe(Shard shard, int worker, int workers) {
    return shard == null ? worker : shard.index + shard.count * worker;
  }

  /** Stripes the whole schedule is cut into: every worker of every shard takes one. */
  public static int stripes(Shard shard, int workers) {
    return shard == null ? workers : Math.multiplyExact(shard.count, workers);
  }
}
