package dev.harness.engine.judge;

import dev.harness.engine.result.RequestResult;
import dev.harness.engine.result.Stats;
import java.util.List;

/**
 * What the measured phases recorded in the seconds when the generator had time to spare (not {@link
 * dev.harness.engine.result.GeneratorHealth#bound bound}): the evidence that tells a slow target
 * from a generator at its limit. A criterion that fails over the whole run but holds over these
 * seconds failed in the seconds the generator could not keep up.
 *
 * @param seconds measured seconds in which the generator had time to spare
 * @param boundSeconds measured seconds in which it had none
 * @param measured the measured phases' figures over the spare seconds (answers of the drain after
 *     the schedule included); its duration is that of the spare measured seconds
 * @param requests the same for each request name, in declaration order
 */
public record SpareSeconds(
    long seconds, long boundSeconds, Stats measured, List<RequestResult> requests) {

  public SpareSeconds {
    requests = List.copyOf(requests);
  }
}
