package dev.harness.engine.target;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FreezeTest {
  private static final long ORIGIN = 5_000;
  // Stalls of 30 every 100: [105, 135), [205, 235), ...
  private final Freeze freeze = new Freeze(ORIGIN, 30, 100);

  @Test
  void releasesAtOnceOutsideAStall() {
    for (long t : new long[] {0, 50, 99, 130, 131, 199, 230, 299}) {
      assertEquals(ORIGIN + t, freeze.releaseAt(ORIGIN + t), "release of an answer due at " + t);
    }
  }

  @Test
  void holdsAnswersDueInAStallUntilItsEnd() {
    assertEquals(ORIGIN + 130, freeze.releaseAt(ORIGIN + 100), "due at the stall's start");
    assertEquals(ORIGIN + 130, freeze.releaseAt(ORIGIN + 129), "due just before its end");
    assertEquals(ORIGIN + 730, freeze.releaseAt(ORIGIN + 715), "due in the 7th stall");
  }

  @Test
  void noStallReleasesEverythingAtOnce() {
    assertEquals(123, Freeze.none().releaseAt(123), "release without stalls");
  }
}
