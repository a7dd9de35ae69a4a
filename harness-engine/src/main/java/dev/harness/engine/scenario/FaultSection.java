package dev.harness.engine.scenario;

import dev.harness.engine.model.Fault;
import dev.harness.engine.model.FaultWindow;
import dev.harness.engine.model.Phase;
import dev.harness.engine.time.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads {@code faults:}, the fault timeline, moved to fit phases rescaled by the command line. */
final class FaultSection {
  private FaultSection() {}

  /**
   * The fault timeline. Times count from the run's start, warm-up included; when {@code --duration}
   * or {@code --warmup} rescaled the phases, each time moves with the part of the run it falls in,
   * so a shortened drill keeps its shape.
   */
  static List<FaultWindow> faults(
      ScenarioFile in, Node node, List<Phase> written, List<Phase> scaled) {
    if (node == null) {
      return List.of();
    }
    List<FaultWindow> windows = new ArrayList<>();
    for (Node item : node.items()) {
      Map<String, Node> f = item.fields(Set.of("at", "for", "fault"));
      long at =
          in.required(f, "at", item, "when the fault starts, from the run's start").duration();
      long length = in.required(f, "for", item, "how long the fault lasts").positiveDuration();
      Node faultNode = in.required(f, "fault", item, "a fault such as 'latency 200ms'");
      try {
        Fault fault = Fault.parse(faultNode.text());
        long start = rescale(at, written, scaled);
        long end = Math.max(start + 1_000_000L, rescale(at + length, written, scaled));
        windows.add(new FaultWindow(start, end - start, fault));
      } catch (InvalidInputException e) {
        throw faultNode.error(e);
      }
    }
    return windows;
  }

  /** Where an instant of the run as written falls in the rescaled run. */
  private static long rescale(long t, List<Phase> written, List<Phase> scaled) {
    long warmup = warmupOf(written);
    long scaledWarmup = warmupOf(scaled);
    if (t <= warmup) {
      return warmup == 0 ? t : Math.round((double) t * scaledWarmup / warmup);
    }
    long measured = total(written) - warmup;
    long scaledMeasured = total(scaled) - scaledWarmup;
    return scaledWarmup + Math.round((double) (t - warmup) * scaledMeasured / measured);
  }

  private static long warmupOf(List<Phase> phases) {
    return phases.stream().filter(Phase::warmup).mapToLong(Phase::durationNanos).sum();
  }

  private static long total(List<Phase> phases) {
    return phases.stream().mapToLong(Phase::durationNanos).sum();
  }
}
