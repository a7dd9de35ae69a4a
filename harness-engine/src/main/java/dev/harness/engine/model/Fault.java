package dev.harness.engine.model;

import dev.harness.engine.time.InvalidInputException;

/**
 * One fault the proxy can inject, immutable and validated. Every fault is written and read as one
 * line of text, the same on the command line, in a scenario and in the control API:
 *
 * <pre>
 * latency 200ms               every answer held 200 ms
 * latency 200ms jitter 20ms   held 180 to 220 ms, uniformly
 * bandwidth 100KB/s           answers trickle at 100 kB/s per connection (B/s KB/s MB/s KiB/s MiB/s)
 * reset                       any data on a connection resets it (TCP RST)
 * blackhole                   connections are accepted, data is swallowed, nothing is answered
 * close-after 1000            a connection is closed once 1000 bytes went to the client (B KB KiB)
 * status 503 50%              half the requests answered 503 by the proxy itself (share default 100%)
 * </pre>
 *
 * <p>Latency, bandwidth and close-after act on what goes to the client (the answers); reset and
 * blackhole on both directions; status needs the HTTP-aware mode of the proxy.
 */
public sealed interface Fault {

  /** The kind of a fault: at most one fault of each kind is on at a time. */
  enum Kind {
    LATENCY("latency"),
    BANDWIDTH("bandwidth"),
    RESET("reset"),
    BLACKHOLE("blackhole"),
    CLOSE_AFTER("close-after"),
    STATUS("status");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    /** The name users write, also the key in the control API. */
    public String label() {
      return label;
    }

    /** The kind named {@code label}, or null. */
    public static Kind byLabel(String label) {
      for (Kind k : values()) {
        if (k.label.equals(label)) {
          return k;
        }
      }
      return null;
    }
  }

  Kind kind();

  /** The fault as it parses back: {@code Fault.parse(f.text()).equals(f)}. */
  String text();

  /** Answers held {@code delayNanos}, plus or minus up to {@code jitterNanos}. */
  record Latency(long delayNanos, long jitterNanos) implements Fault {
    /**
     * Longest delay or jitter: an hour. Beyond it nothing is being measured any more, and a held
     * answer's timer would outlive any run.
     */
    public static final long MAX_NANOS = 3_600_000_000_000L;

    public Latency {
      if (delayNanos < 0 || jitterNanos < 0) {
        throw new InvalidInputException("latency delay and jitter must not be negative");
      }
      if (delayNanos > MAX_NANOS || jitterNanos > MAX_NANOS) {
        throw new InvalidInputException("latency delay and jitter must be at most 1h");
      }
    }

    @Override
    public Kind kind() {
      return Kind.LATENCY;
    }

    @Override
    public String text() {
      return "latency "
          + duration(delayNanos)
          + (jitterNanos == 0 ? "" : " jitter " + duration(jitterNanos));
    }
  }

  /** Answers sent at no more than {@code bytesPerSecond} on each connection. */
  record Bandwidth(long bytesPerSecond) implements Fault {
    public Bandwidth {
      if (bytesPerSecond <= 0) {
        throw new InvalidInputException("bandwidth must be positive");
      }
    }

    @Override
    public Kind kind() {
      return Kind.BANDWIDTH;
    }

    @Override
    public String text() {
      return "bandwidth " + bytesPerSecond + "B/s";
    }
  }

  /** Connections reset (TCP RST) as soon as data moves on them. */
  record Reset() implements Fault {
    @Override
    public Kind kind() {
      return Kind.RESET;
    }

    @Override
    public String text() {
      return "reset";
    }
  }

  /** Connections accepted, data swallowed in both directions, nothing answered. */
  record BlackHole() implements Fault {
    @Override
    public Kind kind() {
      return Kind.BLACKHOLE;
    }

    @Override
    public String text() {
      return "blackhole";
    }
  }

  /** A connection closed once {@code bytes} have gone to the client on it while the fault is on. */
  record CloseAfter(long bytes) implements Fault {
    public CloseAfter {
      if (bytes < 0) {
        throw new InvalidInputException("close-after byte count must not be negative");
      }
    }

    @Override
    public Kind kind() {
      return Kind.CLOSE_AFTER;
    }

    @Override
    public String text() {
      return "close-after " + bytes;
    }
  }

  /** A share of requests answered by the proxy with {@code code}, never reaching the upstream. */
  record Status(int code, double percent) implements Fault {
    public Status {
      if (code < 400 || code > 599) {
        throw new InvalidInputException("status code must be 400 to 599, got " + code);
      }
      if (!(percent > 0 && percent <= 100)) {
        throw new InvalidInputException("status share must be in (0%, 100%], got " + percent + "%");
      }
    }

    @Override
    public Kind kind() {
      return Kind.STATUS;
    }

    @Override
    public String text() {
      return "status " + code + (percent == 100 ? "" : " " + number(percent) + "%");
    }
  }

  /**
   * Parses one fault; anything else is an {@link InvalidInputException} that quotes the text and
   * lists the valid forms.
   */
  static Fault parse(String text) {
    return FaultParser.parse(text);
  }

  private static String duration(long nanos) {
    if (nanos % 1_000_000_000L == 0) {
      return nanos / 1_000_000_000L + "s";
    }
    if (nanos % 1_000_000 == 0) {
      return nanos / 1_000_000 + "ms";
    }
    if (nanos % 1_000 == 0) {
      return nanos / 1_000 + "us";
    }
    return nanos + "ns";
  }

  private static String number(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
