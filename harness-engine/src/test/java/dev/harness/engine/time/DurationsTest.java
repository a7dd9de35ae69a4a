package dev.harness.engine.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void readsTheFormsUsersWrite() {
    assertEquals(500_000_000L, Durations.parseNanos("500ms", "d"));
    assertEquals(10_000_000_000L, Durations.parseNanos("10s", "d"));
    assertEquals(10_000_000_000L, Durations.parseNanos("10", "d"), "a bare number is seconds");
    assertEquals(90_000_000_000L, Durations.parseNanos("1m30s", "d"));
    assertEquals(7_200_000_000_000L, Durations.parseNanos("2h", "d"));
    assertEquals(250_000L, Durations.parseNanos("250us", "d"));
    assertEquals(1_500_000L, Durations.parseNanos("1.5ms", "d"));
  }

  @Test
  void rejectsWhatIsNotADuration() {
    for (String bad : new String[] {"", "ten", "10x", "-5s", "5s10", "s"}) {
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class, () -> Durations.parseNanos(bad, "--duration"), bad);
      assertTrue(e.getMessage().startsWith("--duration"), "names the option: " + e.getMessage());
    }
  }

  @Test
  void formatsForPeople() {
    assertEquals("850ns", Durations.format(850));
    assertEquals("12.30us", Durations.format(12_300));
    assertEquals("1.23ms", Durations.format(1_234_000));
    assertEquals("250ms", Durations.format(250_000_000));
    assertEquals("1.50s", Durations.format(1_500_000_000L));
    assertEquals("2m05s", Durations.format(125_000_000_000L));
  }
}
