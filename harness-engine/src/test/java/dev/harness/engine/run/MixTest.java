package dev.harness.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.model.Flow;
import dev.harness.engine.model.RequestSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class MixTest {
  private static Flow flow(String name, int weight) {
    RequestSpec r = RequestSpec.of(name, "GET", "/" + name, List.of(), null);
    return new Flow(name, weight, Flow.single(r).steps(), null, java.util.Map.of());
  }

  @Test
  void eachFlowGetsItsWeightsShareSpreadEvenly() {
    Mix mix = new Mix(List.of(flow("a", 5), flow("b", 2), flow("c", 1)));
    int[] counts = new int[3];
    int longestRunOfA = 0;
    int run = 0;
    for (long k = 0; k < 8000; k++) {
      int f = mix.pick(k);
      counts[f]++;
      run = f == 0 ? run + 1 : 0;
      longestRunOfA = Math.max(longestRunOfA, run);
    }
    assertEquals(5000, counts[0]);
    assertEquals(2000, counts[1]);
    assertEquals(1000, counts[2]);
    assertTrue(longestRunOfA <= 3, "the heavy flow is interleaved, not bunched: " + longestRunOfA);
  }
}
