package dev.harness.engine.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.model.Fault;
import dev.harness.engine.time.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FaultTest {

  @Test
  void parsesEveryKind() {
    assertEquals(new Fault.Latency(200_000_000L, 0), Fault.parse("latency 200ms"));
    assertEquals(
        new Fault.Latency(200_000_000L, 20_000_000L), Fault.parse("  Latency 200ms  jitter 20ms "));
    assertEquals(new Fault.Bandwidth(100_000), Fault.parse("bandwidth 100KB/s"));
    assertEquals(new Fault.Bandwidth(2048), Fault.parse("bandwidth 2KiB/s"));
    assertEquals(new Fault.Reset(), Fault.parse("reset"));
    assertEquals(new Fault.BlackHole(), Fault.parse("blackhole"));
    assertEquals(new Fault.BlackHole(), Fault.parse("black-hole"));
    assertEquals(new Fault.CloseAfter(1000), Fault.parse("close-after 1000"));
    assertEquals(new Fault.CloseAfter(4096), Fault.parse("close-after 4KiB"));
    assertEquals(new Fault.Status(503, 100), Fault.parse("status 503"));
    assertEquals(new Fault.Status(503, 50), Fault.parse("status 503 50%"));
    assertEquals(new Fault.Status(429, 0.5), Fault.parse("status 429 0.5%"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "latency 200ms",
        "latency 1s jitter 250us",
        "bandwidth 100000B/s",
        "reset",
        "blackhole",
        "close-after 0",
        "status 503",
        "status 500 12.5%"
      })
  void textParsesBackToTheSameFault(String text) {
    Fault f = Fault.parse(text);
    assertEquals(f, Fault.parse(f.text()), "round trip of '" + text + "' via '" + f.text() + "'");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "slow",
        "latency",
        "latency fast",
        "latency 200ms wobble 3ms",
        "bandwidth 100",
        "bandwidth 0KB/s",
        "reset now",
        "close-after -1",
        "status 200",
        "status 503 0%",
        "status 503 150%",
        "status abc"
      })
  void rejectsBadFaultsWithOneLineNamingTheText(String text) {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> Fault.parse(text));
    assertTrue(e.getMessage().startsWith("fault '" + text.trim() + "': "), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
  }

  @Test
  void unknownFaultListsTheKnownOnes() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> Fault.parse("jam 3s"));
    assertTrue(
        e.getMessage().contains("latency 200ms") && e.getMessage().contains("blackhole"),
        e.getMessage());
  }
}
