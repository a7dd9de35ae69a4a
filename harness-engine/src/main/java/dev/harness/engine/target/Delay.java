package dev.harness.engine.target;

import dev.harness.engine.time.Durations;
import dev.harness.engine.time.InvalidInputException;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long the target works on a request before answering, drawn per request. Written as text:
 * {@code none} (or {@code 0}), a fixed duration {@code 2ms}, {@code uniform:1ms-5ms}, or {@code
 * exp:2ms} (exponential with that mean). {@link #toString()} gives the text form back.
 *
 * <p>All implementations are immutable; {@link #nextNanos()} may be called from any thread.
 */
public sealed interface Delay permits Delay.None, Delay.Fixed, Delay.Uniform, Delay.Exponential {

  /** No delay: the answer is due as soon as the request is read. */
  Delay NONE = new None();

  /** The delay for the next request, in nanoseconds, never negative. Thread-safe. */
  long nextNanos();

  /**
   * Reads the text form.
   *
   * @throws InvalidInputException with a one-line message when the text is not a delay
   */
  static Delay parse(String text) {
    String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (s.isEmpty()) {
      throw new InvalidInputException(
          "delay is empty (examples: none, 2ms, uniform:1ms-5ms, exp:2ms)");
    }
    if (s.equals("none")) {
      return NONE;
    }
    int colon = s.indexOf(':');
    if (colon < 0) {
      long nanos = Durations.parseNanos(s, "delay");
      return nanos == 0 ? NONE : new Fixed(nanos);
    }
    String kind = s.substring(0, colon);
    String args = s.substring(colon + 1);
    switch (kind) {
      case "uniform":
        int dash = args.indexOf('-');
        if (dash < 0) {
          throw new InvalidInputException(
              "delay '" + text + "': uniform needs a range like uniform:1ms-5ms");
        }
        long min = Durations.parseNanos(args.substring(0, dash), "delay '" + text + "'");
        long max = Durations.parseNanos(args.substring(dash + 1), "delay '" + text + "'");
        return new Uniform(min, max);
      case "exp":
        return new Exponential(Durations.parseNanos(args, "delay '" + text + "'"));
      default:
        throw new InvalidInputException(
            "delay '"
                + text
                + "': unknown distribution '"
                + kind
                + "' (use none, 2ms, uniform:1ms-5ms or exp:2ms)");
    }
  }

  /** No delay at all. */
  record None() implements Delay {
    @Override
    public long nextNanos() {
      return 0;
    }

    @Override
    public String toString() {
      return "none";
    }
  }

  /** The same delay every time. */
  record Fixed(long nanos) implements Delay {
    public Fixed {
      if (nanos < 0) {
        throw new InvalidInputException("delay must not be negative, got " + nanos + "ns");
      }
    }

    @Override
    public long nextNanos() {
      return nanos;
    }

    @Override
    public String toString() {
      return text(nanos);
    }
  }

  /** Uniformly spread over {@code [minNanos, maxNanos]}, both ends included. */
  record Uniform(long minNanos, long maxNanos) implements Delay {
    public Uniform {
      if (minNanos < 0) {
        throw new InvalidInputException("delay: uniform lower bound must not be negative");
      }
      if (minNanos > maxNanos) {
        throw new InvalidInputException(
            "delay: uniform lower bound "
                + text(minNanos)
                + " is above upper bound "
                + text(maxNanos));
      }
    }

    @Override
    public long nextNanos() {
      return minNanos == maxNanos
          ? minNanos
          : ThreadLocalRandom.current().nextLong(minNanos, maxNanos + 1);
    }

    @Override
    public String toString() {
      return "uniform:" + text(minNanos) + "-" + text(maxNanos);
    }
  }

  /**
   * Exponentially distributed with the given mean: mostly short, with a long tail, the way service
   * times of a busy server often look.
   */
  record Exponential(long meanNanos) implements Delay {
    public Exponential {
      if (meanNanos <= 0) {
        throw new InvalidInputException("delay: exp mean must be positive, got " + text(meanNanos));
      }
    }

    @Override
    public long nextNanos() {
      // 1 - u lies in (0, 1], so the log is finite; the longest draw is about 37 means.
      double u = ThreadLocalRandom.current().nextDouble();
      return Math.round(-meanNanos * Math.log(1.0 - u));
    }

    @Override
    public String toString() {
      return "exp:" + text(meanNanos);
    }
  }

  /**
   * Exact text for a duration in the largest unit that divides it, so that the text parses back to
   * the same value (unlike {@link Durations#format}, which rounds for display).
   */
  private static String text(long nanos) {
    if (nanos != 0 && nanos % 1_000_000_000L == 0) {
      return nanos / 1_000_000_000L + "s";
    }
    if (nanos != 0 && nanos % 1_000_000L == 0) {
      return nanos / 1_000_000L + "ms";
    }
    if (nanos != 0 && nanos % 1_000L == 0) {
      return nanos / 1_000L + "us";
    }
    return nanos + "ns";
  }
}
