package dev.harness.engine.run;

import dev.harness.engine.time.InvalidInputException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * Checks before a run starts that the process may open the connections it asks for: each is a file
 * descriptor, and running out of them mid-run looks to the run like a target that never answers.
 * Where the JVM cannot tell the limit (not a Unix system), nothing is checked.
 */
final class DescriptorBudget {
  /**
   * Descriptors kept for everything else: jars, event loops' selectors, the probe, output files.
   */
  static final int SPARE = 64;

  private DescriptorBudget() {}

  /**
   * @throws InvalidInputException when {@code connections} do not fit under the process's limit
   */
  static void check(int connections) {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      check(connections, unix.getMaxFileDescriptorCount(), unix.getOpenFileDescriptorCount());
    }
  }

  static void check(int connections, long limit, long open) {
    if (limit <= 0 || open < 0) {
      return;
    }
    long room = limit - open - SPARE;
    if (connections > room) {
      throw new InvalidInputException(
          "connections ("
              + connections
              + ") need more file descriptors than this process may open: limit "
              + limit
              + " (ulimit -n), "
              + open
              + " open, "
              + SPARE
              + " kept spare; lower connections to "
              + Math.max(0, room)
              + " or raise ulimit -n");
    }
  }
}
