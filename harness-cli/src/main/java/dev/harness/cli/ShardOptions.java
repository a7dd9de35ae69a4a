package dev.harness.cli;

import dev.harness.engine.model.Criterion;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.model.Shard;
import dev.harness.engine.time.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * {@code --shard K/N}, {@code --shard-from-env}, {@code --start-at}, {@code --start-tolerance}: run
 * one shard of a test spread over several processes (docs/distributed.md).
 */
final class ShardOptions {
  /** Kubernetes sets it in each pod of an Indexed Job: the pod's index, from 0. */
  static final String INDEX_ENV = "JOB_COMPLETION_INDEX";

  /** The shard count, set in the Job's pod template (harness k8s writes it). */
  static final String COUNT_ENV = "HARNESS_SHARDS";

  /** Options that differ between the shards of one test, or do not change what is measured. */
  private static final Set<String> NOT_HASHED =
      Set.of(
          "--shard",
          "--shard-from-env",
          "--start-tolerance",
          "--out",
          "--json",
          "--checkpoint",
          "--latency",
          "--baseline",
          "--max-regression",
          "--strict",
          "--quiet",
          "--metrics-port");

  @Option(
      names = "--shard",
      paramLabel = "K/N",
      description =
          "Run shard K (from 0) of N of the test: the rate, phases and criteria describe the whole"
              + " test; this process sends the arrivals i with i mod N == K. Criteria are judged by"
              + " 'harness merge' on all shards together (docs/distributed.md).")
  String shard;

  @Option(
      names = "--shard-from-env",
      description =
          "The shard from the environment: K from "
              + INDEX_ENV
              + " (Kubernetes Indexed Job), N"
              + " from "
              + COUNT_ENV
              + ".")
  boolean fromEnv;

  @Option(
      names = "--start-at",
      paramLabel = "INSTANT",
      description =
          "Wait for this wall-clock instant (ISO-8601 UTC, e.g. 2026-11-26T05:00:00Z), then run on"
              + " the monotonic clock; every shard of a test gets the same one.")
  String startAt;

  @Option(
      names = "--start-tolerance",
      paramLabel = "TIME",
      defaultValue = "100ms",
      converter = DurationConverter.class,
      description =
          "A run that reaches --start-at later than this refuses to run (exit 6) rather than"
              + " burst to catch up (default: ${DEFAULT-VALUE}).")
  long toleranceNanos;

  /** Reads the environment; tests give their own. */
  UnaryOperator<String> env = System::getenv;

  /** Whether a shard or a start instant was asked for. */
  boolean given() {
    return shard != null || fromEnv || startAt != null;
  }

  /**
   * {@code spec} as this shard runs it: its criteria kept for the merge rather than judged here.
   *
   * @param given the command line, whose test-defining options name the test in the hash
   * @param scenario the scenario file, whose content goes into the hash; null for a URL
   */
  RunSpec apply(RunSpec spec, ParseResult given, Path scenario) {
    if (!given()) {
      return spec;
    }
    int[] kn = kOfN();
    Instant at = startAt == null ? null : instant(startAt);
    List<String> criteria = spec.criteria().stream().map(Criterion::expression).toList();
    Shard s = new Shard(kn[0], kn[1], at, toleranceNanos, hash(given, scenario), criteria, -1);
    // One shard of one is the whole test (--start-at alone): it judges its criteria itself.
    return spec.toBuilder().criteria(s.count() == 1 ? spec.criteria() : List.of()).shard(s).build();
  }

  int[] kOfN() {
    if (shard != null && fromEnv) {
      throw new InvalidInputException("give --shard K/N or --shard-from-env, not both");
    }
    if (fromEnv) {
      return new int[] {envInt(INDEX_ENV), envInt(COUNT_ENV)};
    }
    return shard == null ? new int[] {0, 1} : Shard.parse(shard);
  }

  private int envInt(String name) {
    String v = env.apply(name);
    if (v == null || v.isBlank()) {
      throw new InvalidInputException("--shard-from-env: " + name + " is not set");
    }
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new InvalidInputException(
          "--shard-from-env: " + name + " must be a whole number, got '" + v + "'");
    }
  }

  static Instant instant(String text) {
    try {
      return Instant.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          "--start-at takes an ISO-8601 UTC instant such as 2026-11-26T05:00:00Z, got '"
              + text
              + "'");
    }
  }

  /**
   * Names the test: SHA-256 over the options that define it (sorted, so their order does not
   * matter) and the scenario file's content, not its path, so shards that read one file from
   * different places agree.
   */
  static String hash(ParseResult given, Path scenario) {
    List<String> parts = new ArrayList<>();
    for (OptionSpec o : given.matchedOptions()) {
      if (!NOT_HASHED.contains(o.longestName())) {
        parts.add(o.longestName() + "=" + String.join("\u0000", o.originalStringValues()));
      }
    }
    parts.sort(null);
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      for (String p : parts) {
        d.update(p.getBytes(StandardCharsets.UTF_8));
        d.update((byte) '\n');
      }
      if (scenario != null) {
        d.update(Files.readAllBytes(scenario));
      } else {
        String url = given.matchedPositionalValue(0, "");
        d.update(url.getBytes(StandardCharsets.UTF_8));
      }
      return "sha256:" + HexFormat.of().formatHex(d.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    } catch (IOException e) {
      throw new InvalidInputException("cannot read " + scenario + ": " + e.getMessage());
    }
  }
}
