package dev.harness.engine.model;

import dev.harness.engine.model.Fault.Kind;
import dev.harness.engine.time.Durations;
import dev.harness.engine.time.InvalidInputException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the one-line form of a {@link Fault}. Stateless. */
final class FaultParser {
  private FaultParser() {}

  static final String FORMS =
      "latency 200ms [jitter 20ms], bandwidth 100KB/s, reset, blackhole, close-after 1000,"
          + " status 503 [50%]";

  private static final Pattern LATENCY =
      Pattern.compile("latency\\s+(\\S+)(?:\\s+jitter\\s+(\\S+))?");
  private static final Pattern BANDWIDTH =
      Pattern.compile("bandwidth\\s+([0-9]+(?:\\.[0-9]+)?)\\s*(b|kb|mb|gb|kib|mib|gib)/s");
  private static final Pattern CLOSE_AFTER =
      Pattern.compile("close-after\\s+([0-9]+(?:\\.[0-9]+)?)\\s*(b|kb|mb|kib|mib)?");
  private static final Pattern STATUS =
      Pattern.compile("status\\s+([0-9]{3})(?:\\s+([0-9]+(?:\\.[0-9]+)?)%)?");

  /** See {@link Fault#parse}. */
  static Fault parse(String text) {
    String where = "fault '" + (text == null ? "" : text.trim()) + "'";
    try {
      return read(text, where);
    } catch (InvalidInputException e) {
      if (e.getMessage().startsWith(where)) {
        throw e;
      }
      throw new InvalidInputException(where + ": " + e.getMessage());
    }
  }

  private static Fault read(String text, String where) {
    String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    String first = s.isEmpty() ? "" : s.split(" ", 2)[0];
    Kind kind = Kind.byLabel(first.equals("black-hole") ? "blackhole" : first);
    if (kind == null) {
      throw new InvalidInputException(where + ": unknown fault (known: " + FORMS + ")");
    }
    Matcher m;
    switch (kind) {
      case LATENCY -> {
        m = LATENCY.matcher(s);
        if (m.matches()) {
          long delay = Durations.parseNanos(m.group(1), where);
          long jitter = m.group(2) == null ? 0 : Durations.parseNanos(m.group(2), where);
          return new Fault.Latency(delay, jitter);
        }
      }
      case BANDWIDTH -> {
        m = BANDWIDTH.matcher(s);
        if (m.matches()) {
          double rate = Double.parseDouble(m.group(1)) * bytes(m.group(2));
          if (rate < 1 || rate > 1e15) {
            throw new InvalidInputException(where + ": bandwidth must be 1B/s to 1000TB/s");
          }
          return new Fault.Bandwidth(Math.round(rate));
        }
      }
      case RESET -> {
        if (s.equals("reset")) {
          return new Fault.Reset();
        }
      }
      case BLACKHOLE -> {
        if (s.equals("blackhole") || s.equals("black-hole")) {
          return new Fault.BlackHole();
        }
      }
      case CLOSE_AFTER -> {
        m = CLOSE_AFTER.matcher(s);
        if (m.matches()) {
          double n = Double.parseDouble(m.group(1)) * bytes(m.group(2) == null ? "b" : m.group(2));
          if (n > 1e15) {
            throw new InvalidInputException(where + ": byte count too large");
          }
          return new Fault.CloseAfter(Math.round(n));
        }
      }
      case STATUS -> {
        m = STATUS.matcher(s);
        if (m.matches()) {
          double pct = m.group(2) == null ? 100 : Double.parseDouble(m.group(2));
          return new Fault.Status(Integer.parseInt(m.group(1)), pct);
        }
      }
    }
    throw new InvalidInputException(where + ": expected " + example(kind));
  }

  private static String example(Kind kind) {
    return switch (kind) {
      case LATENCY -> "'latency 200ms' or 'latency 200ms jitter 20ms'";
      case BANDWIDTH -> "'bandwidth 100KB/s' (B/s, KB/s, MB/s, KiB/s, MiB/s)";
      case RESET -> "'reset' with nothing after it";
      case BLACKHOLE -> "'blackhole' with nothing after it";
      case CLOSE_AFTER -> "'close-after 1000' (bytes; or 10KB, 4KiB)";
      case STATUS -> "'status 503' or 'status 503 50%'";
    };
  }

  private static double bytes(String unit) {
    return switch (unit) {
      case "b" -> 1;
      case "kb" -> 1e3;
      case "mb" -> 1e6;
      case "gb" -> 1e9;
      case "kib" -> 1024;
      case "mib" -> 1024 * 1024;
      case "gib" -> 1024.0 * 1024 * 1024;
      default -> throw new IllegalArgumentException(unit);
    };
  }
}
