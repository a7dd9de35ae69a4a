package dev.harness.engine.target;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;

/**
 * The process figures a Prometheus client exposes for any service, which Micrometer's binders do
 * not: {@code process_resident_memory_bytes} (VmRSS of {@code /proc/self/status}, Linux only),
 * {@code process_cpu_seconds_total} (the JVM's process CPU time) and {@code jvm_heap_used_bytes}.
 * The embedded target serves them at {@code /metrics} so a run's {@code --target-metrics} has a
 * real target to read. Stateless: each figure is read when scraped. Thread-safe.
 */
public final class ProcessMeters {
  private static final String STATUS = "/proc/self/status";

  private ProcessMeters() {}

  /** Registers the three figures with {@code registry}; RSS only where /proc has it. */
  public static void bindTo(MeterRegistry registry) {
    if (residentBytes() >= 0) {
      Gauge.builder("process.resident.memory", ProcessMeters::residentBytes)
          .description("Resident set size of the process (VmRSS)")
          .baseUnit("bytes")
          .register(registry);
    }
    if (cpuSeconds() >= 0) {
      FunctionCounter.builder("process.cpu", ProcessMeters.class, c -> cpuSeconds())
          .description("CPU time the process used, user and system")
          .baseUnit("seconds")
          .register(registry);
    }
    Gauge.builder(
            "jvm.heap.used",
            () -> ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed())
        .description("Heap in use, live and garbage")
        .baseUnit("bytes")
        .register(registry);
  }

  /** VmRSS in bytes, or -1 where {@code /proc/self/status} is not there or has none. */
  public static double residentBytes() {
    // Read with a plain stream (an 8 KB native buffer on the stack), not NIO, whose per-thread
    // cache of native buffers would itself add to the memory it reads.
    try (InputStream in = new FileInputStream(STATUS)) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
        if (line.startsWith("VmRSS:")) {
          String kb = line.substring("VmRSS:".length()).replace("kB", "").strip();
          return Long.parseLong(kb) * 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or an unexpected line: the figure is left out
    }
    return -1;
  }

  /** CPU time of the process in seconds, or -1 when the JVM does not measure it. */
  public static double cpuSeconds() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      long nanos = sun.getProcessCpuTime();
      return nanos < 0 ? -1 : nanos / 1e9;
    }
    return -1;
  }
}
