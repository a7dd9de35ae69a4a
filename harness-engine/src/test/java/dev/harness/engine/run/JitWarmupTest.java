package dev.harness.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.testkit.TargetExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JitWarmupTest {
  // An instance field: a fresh target for the test, so its request count is this test's alone.
  @RegisterExtension final TargetExtension target = TargetExtension.withDefaults();

  @Test
  void warmsUpOncePerJvmAndSendsNothingToARealTarget() {
    long first = JitWarmup.run();
    long second = JitWarmup.run();
    // Another test class may have run first in this JVM; then both calls are no-ops.
    assertTrue(first == 0 || first >= 100_000_000L, "a warm-up runs its 120 ms: " + first);
    assertEquals(0, second, "the second call does nothing");
    assertEquals(0, target.server().requestsServed(), "the warm-up talks to its own stub only");
  }
}
