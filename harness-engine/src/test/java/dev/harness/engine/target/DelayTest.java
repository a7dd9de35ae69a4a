package dev.harness.engine.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.time.InvalidInputException;
import org.junit.jupiter.api.Test;

class DelayTest {

  @Test
  void parsesNoneAndZeroAsNoDelay() {
    assertSame(Delay.NONE, Delay.parse("none"));
    assertSame(Delay.NONE, Delay.parse("0"));
    assertSame(Delay.NONE, Delay.parse(" 0ms "));
    assertEquals(0, Delay.NONE.nextNanos(), "no delay");
  }

  @Test
  void parsesEachForm() {
    assertEquals(new Delay.Fixed(2_000_000), Delay.parse("2ms"));
    assertEquals(new Delay.Uniform(1_000_000, 5_000_000), Delay.parse("uniform:1ms-5ms"));
    assertEquals(new Delay.Exponential(2_000_000), Delay.parse("exp:2ms"));
    assertEquals(new Delay.Fixed(250_000), Delay.parse("250us"));
  }

  @Test
  void printsTheTextItWasParsedFrom() {
    for (String text :
        new String[] {
          "none", "2ms", "250us", "1s", "1500us", "uniform:1ms-5ms", "exp:2ms", "uniform:0ns-3s"
        }) {
      assertEquals(text, Delay.parse(text).toString(), "text form of " + text);
      assertEquals(
          Delay.parse(text), Delay.parse(Delay.parse(text).toString()), "round trip of " + text);
    }
  }

  @Test
  void fixedDelayIsAlwaysTheSame() {
    Delay delay = Delay.parse("3ms");
    for (int i = 0; i < 100; i++) {
      assertEquals(3_000_000, delay.nextNanos(), "draw " + i);
    }
  }

  @Test
  void uniformDrawsStayInsideTheRangeAndReachBothHalves() {
    Delay delay = Delay.parse("uniform:1ms-5ms");
    int low = 0;
    for (int i = 0; i < 10_000; i++) {
      long nanos = delay.nextNanos();
      assertTrue(
          nanos >= 1_000_000 && nanos <= 5_000_000,
          "expected a draw in [1ms, 5ms], got " + nanos + "ns at draw " + i);
      if (nanos < 3_000_000) {
        low++;
      }
    }
    assertTrue(
        low > 4_000 && low < 6_000, "expected about half below 3ms, got " + low + " of 10000");
  }

  @Test
  void exponentialDrawsHaveTheMeanAsked() {
    Delay delay = Delay.parse("exp:2ms");
    int draws = 200_000;
    double sum = 0;
    for (int i = 0; i < draws; i++) {
      long nanos = delay.nextNanos();
      assertTrue(nanos >= 0, "expected no negative draw, got " + nanos);
      sum += nanos;
    }
    double mean = sum / draws;
    // The standard error of the mean is 2ms / sqrt(200000), about 0.2%; 3% is far outside chance.
    assertTrue(Math.abs(mean - 2_000_000) < 60_000, "expected a mean of 2ms, got " + mean + "ns");
  }

  @Test
  void rejectsBadTextWithOneLineNamingTheProblem() {
    assertMessage("", "delay is empty");
    assertMessage(null, "delay is empty");
    assertMessage("soon", "cannot read duration 'soon'");
    assertMessage("gauss:2ms", "unknown distribution 'gauss'");
    assertMessage("uniform:5ms", "uniform needs a range");
    assertMessage("uniform:5ms-1ms", "lower bound 5ms is above upper bound 1ms");
    assertMessage("exp:0ms", "exp mean must be positive");
    assertMessage("exp:", "empty duration");
  }

  @Test
  void rejectsNegativeFixedDelay() {
    assertThrows(InvalidInputException.class, () -> new Delay.Fixed(-1));
  }

  private static void assertMessage(String text, String expected) {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> Delay.parse(text), "parse of " + text);
    assertTrue(
        e.getMessage().contains(expected),
        "expected a message containing '"
            + expected
            + "' for '"
            + text
            + "', got '"
            + e.getMessage()
            + "'");
    assertTrue(!e.getMessage().contains("\n"), "expected one line, got " + e.getMessage());
  }
}
