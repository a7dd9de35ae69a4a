package dev.harness.engine.run;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The generator's own failure, which ends a run: it ran out of memory or of file descriptors, or a
 * worker gave up. A run that went on after one would measure the generator, not the target (a
 * connection it could not open looks like a target that never answers), so the first failure stops
 * the run and the judge calls it invalid with this reason.
 *
 * <p>Thread-safe: any worker's loop reports, the run reads.
 */
final class GeneratorFailure {
  private final AtomicReference<String> reason = new AtomicReference<>();
  private final Runnable onFirst;

  /**
   * @param onFirst run once, on the reporting thread, when the first failure is reported
   */
  GeneratorFailure(Runnable onFirst) {
    this.onFirst = onFirst;
  }

  /** A failure nobody listens to, for workers made outside a run. */
  static GeneratorFailure ignored() {
    return new GeneratorFailure(() -> {});
  }

  /**
   * Reports {@code error} if it is the generator's own failure (see {@link #reasonOf}).
   *
   * @return whether it was
   */
  boolean report(Throwable error) {
    String why = reasonOf(error);
    if (why != null) {
      report(why);
    }
    return why != null;
  }

  /** Reports a failure already put in words; only the first is kept. */
  void report(String why) {
    if (reason.compareAndSet(null, why)) {
      onFirst.run();
    }
  }

  /** The first failure's reason, one line, or null when the generator did not fail. */
  String reason() {
    return reason.get();
  }

  /**
   * Why {@code error} means the generator cannot go on, one line naming the generator; null when it
   * is something else (a refused connection, a reset: the target's doing).
   */
  static String reasonOf(Throwable error) {
    String emfile = null;
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String message = t.getMessage() == null ? "" : t.getMessage();
      if (message.contains("Too many open files")) {
        emfile = message; // the innermost says it plainest: wrappers repeat it with class names
        continue;
      }
      if (t instanceof OutOfMemoryError) {
        return "the generator ran out of memory (max heap "
            + Runtime.getRuntime().maxMemory() / (1024 * 1024)
            + " MB): "
            + (message.isEmpty() ? t.getClass().getSimpleName() : message)
            + "; lower the rate or connections, or raise -Xmx";
      }
      if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
        return "the generator failed: " + t.getClass().getSimpleName() + ": " + message;
      }
    }
    if (emfile != null) {
      return "the generator ran out of file descriptors (ulimit -n "
          + descriptorLimit()
          + "): "
          + emfile
          + "; lower connections or raise ulimit -n";
    }
    return null;
  }

  /** The process's limit on open files, or "unknown". */
  private static String descriptorLimit() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
      return Long.toString(unix.getMaxFileDescriptorCount());
    }
    return "unknown";
  }
}
