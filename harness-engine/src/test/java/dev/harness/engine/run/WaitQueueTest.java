package dev.harness.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** One queue of arrivals waiting for a slot, fixed requests and flow steps alike; no socket. */
class WaitQueueTest {

  private static FlowRun step(long intended, int phase) {
    return new FlowRun(null, 0, phase, intended, Map.of());
  }

  @Test
  void givesBackFixedRequestsAndFlowStepsOldestFirst() {
    WaitQueue q = new WaitQueue();
    FlowRun a = step(20, 1);
    q.addFixed(10, 0, 2);
    q.addStep(a);
    q.addFixed(30, 1, 0);
    assertEquals(3, q.size());

    assertEquals(10, q.intended());
    assertEquals(0, q.phase());
    assertEquals(2, q.flow());
    assertNull(q.run());
    q.remove();

    assertSame(a, q.run(), "the flow step");
    assertEquals(20, q.intended());
    assertEquals(1, q.phase());
    assertEquals(-1, q.flow());
    q.remove();

    assertEquals(30, q.intended());
    assertEquals(0, q.flow());
    q.remove();
    assertTrue(q.isEmpty());
  }

  @Test
  void aLateArrivalGoesBeforeYoungerEntriesAndTiesKeepTheirOrder() {
    WaitQueue q = new WaitQueue();
    FlowRun answeredAt100 = step(100, 0);
    q.addStep(answeredAt100);
    q.addFixed(100, 0, 1);
    // Dispatched after them but due before them: it waited longer.
    q.addFixed(95, 0, 2);
    assertEquals(2, q.flow(), "the oldest intended start first");
    q.remove();
    assertSame(answeredAt100, q.run(), "equal times stay in the order they came");
    q.remove();
    assertEquals(1, q.flow());
  }

  @Test
  void growsPastItsFirstCapacityAndWrapsAroundInOrder() {
    WaitQueue q = new WaitQueue();
    long next = 0;
    long expected = 0;
    // Keep the ring part-full while its head walks around, then fill it past 64.
    for (int round = 0; round < 5; round++) {
      for (int i = 0; i < 40; i++) {
        q.addFixed(next, 0, (int) (next % 7));
        next++;
      }
      for (int i = 0; i < 30; i++) {
        assertEquals(expected, q.intended(), "entry " + expected);
        assertEquals((int) (expected % 7), q.flow());
        q.remove();
        expected++;
      }
    }
    assertEquals(next - expected, q.size());
    while (!q.isEmpty()) {
      assertEquals(expected++, q.intended());
      q.remove();
    }
    assertEquals(next, expected);
  }
}
