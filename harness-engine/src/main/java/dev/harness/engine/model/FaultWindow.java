package dev.harness.engine.model;

import dev.harness.engine.time.Durations;
import dev.harness.engine.time.InvalidInputException;

/**
 * One entry of a fault timeline: {@code fault} is on from {@code at} for {@code length}, counted
 * from the run's time zero (warm-up included), as a scenario writes it: {@code {at: 20s, for: 10s,
 * fault: latency 200ms}}.
 *
 * @param atNanos when the fault goes on, from the start of the run
 * @param forNanos how long it stays on
 * @param fault what it does
 */
public record FaultWindow(long atNanos, long forNanos, Fault fault) {

  public FaultWindow {
    if (fault == null) {
      throw new InvalidInputException("fault window: the fault is missing");
    }
    if (atNanos < 0) {
      throw new InvalidInputException("fault '" + fault.text() + "': 'at' must not be negative");
    }
    if (forNanos <= 0) {
      throw new InvalidInputException("fault '" + fault.text() + "': 'for' must be positive");
    }
  }

  /** When the fault goes off, from the start of the run. */
  public long endNanos() {
    return atNanos + forNanos;
  }

  /** Builds a window from the three strings of a scenario entry. */
  public static FaultWindow of(String at, String length, String fault) {
    Fault f = Fault.parse(fault);
    String where = "fault '" + f.text() + "'";
    if (at == null || at.isBlank()) {
      throw new InvalidInputException(where + ": 'at' is missing (e.g. at: 20s)");
    }
    if (length == null || length.isBlank()) {
      throw new InvalidInputException(where + ": 'for' is missing (e.g. for: 10s)");
    }
    return new FaultWindow(
        Durations.parseNanos(at, where + " at"), Durations.parseNanos(length, where + " for"), f);
  }

  /**
   * Parses the command-line form {@code at=20s,for=10s,latency 200ms}: {@code at} and {@code for}
   * in any order, then the fault.
   */
  public static FaultWindow parse(String text) {
    String s = text == null ? "" : text.trim();
    String at = null;
    String length = null;
    String rest = s;
    while (true) {
      int comma = rest.indexOf(',');
      int eq = rest.indexOf('=');
      if (comma < 0 || eq < 0 || eq > comma) {
        break;
      }
      String key = rest.substring(0, eq).trim();
      String value = rest.substring(eq + 1, comma).trim();
      if (key.equals("at")) {
        at = value;
      } else if (key.equals("for")) {
        length = value;
      } else {
        throw new InvalidInputException(
            "fault window '"
                + s
                + "': unknown key '"
                + key
                + "' (expected at=TIME,for=TIME,FAULT)");
      }
      rest = rest.substring(comma + 1);
    }
    if (at == null || length == null || rest.isBlank()) {
      throw new InvalidInputException(
          "fault window '"
              + s
              + "': expected at=TIME,for=TIME,FAULT, e.g. at=20s,for=10s,latency 200ms");
    }
    return of(at, length, rest);
  }

  /** The command-line form, e.g. {@code at=20s,for=10s,latency 200ms}. */
  public String text() {
    return "at=" + exact(atNanos) + ",for=" + exact(forNanos) + "," + fault.text();
  }

  /** A duration as it parses back, in the largest unit that keeps it exact: 20s, 1500ms. */
  private static String exact(long nanos) {
    if (nanos % 1_000_000_000L == 0) {
      return nanos / 1_000_000_000L + "s";
    }
    if (nanos % 1_000_000 == 0) {
      return nanos / 1_000_000 + "ms";
    }
    return nanos % 1_000 == 0 ? nanos / 1_000 + "us" : nanos + "ns";
  }
}
