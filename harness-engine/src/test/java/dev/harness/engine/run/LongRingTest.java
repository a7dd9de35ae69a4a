package dev.harness.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LongRingTest {
  @Test
  void keepsFifoOrderWhileGrowingAndWrapping() {
    LongRing ring = new LongRing();
    long next = 0;
    long expected = 0;
    for (int round = 0; round < 50; round++) {
      for (int i = 0; i < 100 + round * 7; i++) {
        ring.add(next++);
      }
      for (int i = 0; i < 90; i++) {
        assertEquals(expected++, ring.poll(), "FIFO order after round " + round);
      }
    }
    while (!ring.isEmpty()) {
      assertEquals(expected++, ring.poll());
    }
    assertEquals(next, expected, "every value came out");
    assertTrue(ring.isEmpty());
  }
}
