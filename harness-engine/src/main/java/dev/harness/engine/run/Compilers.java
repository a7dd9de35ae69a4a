package dev.harness.engine.run;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import dev.harness.engine.model.LoadModel;
import dev.harness.engine.model.Phase;
import dev.harness.engine.model.RunSpec;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.ObjectName;

/**
 * Which of the JVM's JIT compilers the generator runs on: C1 alone for an open-model run of up to
 * {@link #C1_MAX_RATE} arrivals a second per worker, C1 and C2 (the JVM's default, "tiered")
 * otherwise.
 *
 * <p>Why: on a generator with one core, C2 compiles the request path during the run's first seconds
 * (one to two and a half seconds of CPU), and every arrival due meanwhile waits for the core. At
 * 10,000 req/s against nginx from one pinned core that put the dispatch lag's p99 at 1.8 to 2.5 ms
 * and the response p99 at 2.6 to 3.4 ms in 10 s runs; with C1 alone 0.49 to 0.50 ms (the tick) and
 * 0.9 to 1.1 ms, with a third less CPU over the run, because C2's code makes a request only a few
 * per cent cheaper where the kernel's wake-ups are most of its cost. C2 earns its compile time
 * where a worker's Java code is the limit: the closed model (a third more throughput) and open
 * rates near one core's ceiling (C1 alone fell behind at 80,000 req/s where C1 and C2 held).
 * docs/performance.md, "C1 alone for the open model", has the figures.
 *
 * <p>How: a compiler directive that excludes every method from C2, added through the JVM's
 * DiagnosticCommand MBean (what {@code jcmd PID Compiler.directives_add} does). A method that
 * reaches C2's thresholds is then compiled by C1 without profiling instead. It is for the life of
 * the JVM, so only a JVM the harness owns ({@link #ownJvm}: its {@code main}) is changed; a run
 * inside another program, such as a test, keeps its host's compilers, and reports them.
 *
 * <p>A run that writes a class-data archive at its exit keeps C2 ({@link #writingClassArchive}).
 *
 * <p>Thread contract: {@link #use} and {@link #ownJvm} from the thread that starts runs; {@link
 * #mode} from any thread.
 */
public final class Compilers {
  /** What a run asks for. */
  public enum Choice {
    /** C1 alone for an open-model run up to {@link #C1_MAX_RATE} a worker, else tiered. */
    AUTO,
    /** C1 alone. */
    C1,
    /** C1 and C2, the JVM's default. */
    TIERED;

    /** The choice named {@code text} (auto, c1, tiered), any case; null for another word. */
    public static Choice of(String text) {
      for (Choice c : values()) {
        if (c.name().equalsIgnoreCase(text.trim())) {
          return c;
        }
      }
      return null;
    }
  }

  /**
   * Arrivals a second per worker up to which an open-model run is left to C1 alone. C1 alone held
   * 60,000 req/s (HTTP/1.1) and 45,000 (h2c) from one pinned core with a dispatch lag p99 of 0.5 to
   * 0.8 ms, and fell behind at 80,000.
   */
  public static final double C1_MAX_RATE = 50_000;

  private static final String DIRECTIVE = "[ { match: \"*.*\", c2: { Exclude: true } } ]\n";

  private static volatile boolean owned;

  /** C2 excluded by this class. */
  private static volatile boolean c2Excluded;

  private Compilers() {}

  /** This JVM is the harness's own process: a run may choose its compilers. */
  public static void ownJvm() {
    owned = true;
  }

  /**
   * Applies {@code choice} for {@code spec} when this JVM is the harness's own, and returns the
   * compilers the run will use ({@link #mode}). C2 once excluded stays so: the first run decides.
   */
  public static String use(RunSpec spec, Choice choice) {
    if (owned
        && !c2Excluded
        && wantsC1Only(spec, choice)
        && "tiered".equals(mode())
        && !writingClassArchive()) {
      c2Excluded = excludeC2();
    }
    return mode();
  }

  /**
   * Whether this JVM writes a class-data archive at its exit ({@code -XX:ArchiveClassesAtExit}, as
   * the launcher does on a jar's first run). Such a run keeps C2: the archive keeps each method's
   * "not compilable by C2" mark, so every later JVM that maps it ran those methods on C1 whatever
   * it chose (closed-model runs on such an archive: 85,000-89,000 req/s against 107,000-130,000).
   */
  static boolean writingClassArchive() {
    return !vmOption("ArchiveClassesAtExit", "").isEmpty();
  }

  /** Whether {@code choice} asks for C1 alone for {@code spec}. */
  static boolean wantsC1Only(RunSpec spec, Choice choice) {
    return switch (choice) {
      case C1 -> true;
      case TIERED -> false;
      case AUTO -> spec.model() == LoadModel.OPEN && peakRatePerWorker(spec) <= C1_MAX_RATE;
    };
  }

  /** The highest arrival rate of any phase, per worker; 0 when no phase has a rate. */
  static double peakRatePerWorker(RunSpec spec) {
    double peak = 0;
    for (Phase p : spec.phases()) {
      if (p.rate() != null) {
        peak = Math.max(peak, p.rate().peakRate());
      }
    }
    return peak / Math.max(1, spec.workers());
  }

  /**
   * The compilers this JVM runs: {@code c1} (C1 alone: excluded here, or {@code
   * -XX:TieredStopAtLevel} 1 to 3), {@code tiered}, {@code c2} ({@code -XX:-TieredCompilation}) or
   * {@code interpreter} ({@code -Xint}).
   */
  public static String mode() {
    if (c2Excluded) {
      return "c1";
    }
    String info = System.getProperty("java.vm.info", "");
    if (info.contains("interpreted mode")) {
      return "interpreter";
    }
    if (!Boolean.parseBoolean(vmOption("TieredCompilation", "true"))) {
      return "c2";
    }
    String stop = vmOption("TieredStopAtLevel", "4");
    return stop.equals("1") || stop.equals("2") || stop.equals("3") ? "c1" : "tiered";
  }

  /**
   * The JVM option {@code name}'s value, or {@code otherwise} where it cannot be read (not HotSpot,
   * no jdk.management, no such option): then the JVM is taken to run its defaults.
   */
  private static String vmOption(String name, String otherwise) {
    try {
      HotSpotDiagnosticMXBean vm =
          ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      VMOption o = vm == null ? null : vm.getVMOption(name);
      return o == null ? otherwise : o.getValue();
    } catch (RuntimeException | LinkageError e) {
      return otherwise;
    }
  }

  /** Adds the directive; false when this JVM does not take it (then C2 stays, as the JVM's own). */
  private static boolean excludeC2() {
    Path file = null;
    try {
      file = Files.createTempFile("harness-compilers-", ".json");
      Files.writeString(file, DIRECTIVE, StandardCharsets.US_ASCII);
      Object said =
          ManagementFactory.getPlatformMBeanServer()
              .invoke(
                  new ObjectName("com.sun.management:type=DiagnosticCommand"),
                  "compilerDirectivesAdd",
                  new Object[] {new String[] {file.toString()}},
                  new String[] {String[].class.getName()});
      // The command answers "1 compiler directives added", or a parse error, in words.
      return said != null && said.toString().contains("1 compiler directives added");
    } catch (Exception | LinkageError e) {
      return false;
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (Exception e) {
          // a file in the temporary folder; nothing else depends on it
        }
      }
    }
  }
}
