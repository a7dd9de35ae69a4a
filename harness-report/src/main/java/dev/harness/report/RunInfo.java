package dev.harness.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a result cannot say about itself: which harness made it, from what command, on which
 * machine. Written into {@code result.json} as {@code run} and shown in every report, so a number
 * read a week later can be traced back to the run that made it.
 *
 * @param version harness version
 * @param command the command line as typed, e.g. {@code harness run http://... -R 1000}
 * @param scenario the scenario file the run came from; null when the run was given by flags
 * @param host host name of the machine that generated the load
 * @param cores processors the JVM saw
 * @param os operating system name, version and architecture
 * @param jvm Java runtime version and vendor
 * @param id the run's id, written into every file of its {@code --out} set so a reader can tell
 *     which run each file belongs to; null when not known (files written before run ids)
 * @param jit the JVM's JIT compilers the run used ({@code c1}, {@code tiered}, {@code c2}, {@code
 *     interpreter}; see {@code Compilers}); null when not known (files written before it was kept)
 */
public record RunInfo(
    String version,
    String command,
    String scenario,
    String host,
    int cores,
    String os,
    String jvm,
    String id,
    String jit) {

  /** Run information without a run id, the compilers not known. */
  public RunInfo(
      String version,
      String command,
      String scenario,
      String host,
      int cores,
      String os,
      String jvm) {
    this(version, command, scenario, host, cores, os, jvm, null, null);
  }

  /** The information result.json keeps as {@code run}; null for null (a result without it). */
  static RunInfo read(JsonNode r) {
    if (r == null) {
      return null;
    }
    String at = "run";
    return new RunInfo(
        Json.text(r, "version", at),
        Json.textOrNull(r, "command", at),
        Json.textOrNull(r, "scenario", at),
        Json.textOrNull(r, "host", at),
        (int) Json.count(r, "cores", at),
        Json.textOrNull(r, "os", at),
        Json.textOrNull(r, "jvm", at),
        Json.textOrNull(r, "id", at),
        Json.textOrNull(r, "jit", at));
  }

  /** This information with the run id {@code id}. */
  public RunInfo withId(String id) {
    return new RunInfo(version, command, scenario, host, cores, os, jvm, id, jit);
  }

  /**
   * {@link #jit} as the reports say it: C1 only, C1+C2, C2 only, interpreter; null if not known.
   */
  public String jitLabel() {
    if (jit == null) {
      return null;
    }
    return switch (jit) {
      case "c1" -> "C1 only";
      case "tiered" -> "C1+C2";
      case "c2" -> "C2 only";
      default -> jit;
    };
  }

  /** This information with the compilers {@code jit} (null: not known). */
  public RunInfo withJit(String jit) {
    return new RunInfo(version, command, scenario, host, cores, os, jvm, id, jit);
  }

  /**
   * A new run id: the start time to the second and a random suffix, e.g. {@code
   * 20261126T023000Z-3f9a1c}; sortable, and unique enough for runs started on one machine.
   */
  public static String newId() {
    String time =
        java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(java.time.ZoneOffset.UTC)
            .format(java.time.Instant.now());
    return time
        + "-"
        + String.format(
            java.util.Locale.ROOT,
            "%06x",
            java.util.concurrent.ThreadLocalRandom.current().nextInt(1 << 24));
  }

  /**
   * The scenario's own name, from {@link #scenario} as the CLI writes it ({@code NAME (FILE)});
   * null when the run was given by flags.
   */
  public String scenarioName() {
    if (scenario == null || scenario.isBlank()) {
      return null;
    }
    int file = scenario.indexOf(" (");
    return file > 0 && scenario.endsWith(")") ? scenario.substring(0, file) : scenario;
  }

  /** This machine, as seen from the running JVM. */
  public static RunInfo ofThisMachine(String version, String command, String scenario) {
    return new RunInfo(
        version,
        command,
        scenario,
        hostName(),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"),
        System.getProperty("java.runtime.version", System.getProperty("java.version"))
            + " ("
            + System.getProperty("java.vendor")
            + ")",
        null,
        null);
  }

  /** The machine in one phrase: {@code host (2 cores, Linux 6.1 amd64, Java 17.0.15)}. */
  public String machine() {
    String compilers = jit == null ? "" : ", JIT " + jitLabel();
    return host + " (" + cores + " cores, " + os + ", Java " + jvm + compilers + ")";
  }

  /**
   * The host name without a DNS look-up where possible: {@code InetAddress.getLocalHost} can block
   * for seconds on a machine whose own name does not resolve, as on many CI runners.
   */
  private static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env == null || env.isBlank()) {
      env = System.getenv("COMPUTERNAME");
    }
    if (env != null && !env.isBlank()) {
      return env.trim();
    }
    for (String file : new String[] {"/proc/sys/kernel/hostname", "/etc/hostname"}) {
      try {
        String name = Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
        if (!name.isEmpty()) {
          return name;
        }
      } catch (IOException | RuntimeException e) {
        // not Linux, or not readable: try the next source
      }
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
