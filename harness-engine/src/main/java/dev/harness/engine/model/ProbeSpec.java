package dev.harness.engine.model;

import dev.harness.engine.time.Durations;
import dev.harness.engine.time.InvalidInputException;

/**
 * A health probe: during the run, one GET of {@code url} every {@code intervalNanos} on the probe's
 * own connection, apart from the load. A poll succeeds when the answer comes within {@code
 * timeoutNanos}, has the expected status and, if {@code contains} is set, a body that contains it.
 * Made with {@link #of}; a changed copy with {@link #toBuilder()}.
 *
 * @param url the health URL, e.g. {@code http://127.0.0.1:8080/health}
 * @param intervalNanos time between the starts of two polls
 * @param timeoutNanos how long a poll may take
 * @param status the status a healthy answer has; 0 for any 2xx
 * @param contains text a healthy answer's body contains, or null for no body check
 */
public record ProbeSpec(
    Target url, long intervalNanos, long timeoutNanos, int status, String contains) {

  /** Polls closer than this would be load, not a probe. */
  public static final long MIN_INTERVAL_NANOS = 10_000_000L;

  public static final long DEFAULT_INTERVAL_NANOS = 1_000_000_000L;

  public ProbeSpec {
    if (url == null) {
      throw new InvalidInputException("probe: url is missing");
    }
    if (intervalNanos < MIN_INTERVAL_NANOS) {
      throw new InvalidInputException(
          "probe: interval must be at least "
              + Durations.format(MIN_INTERVAL_NANOS)
              + ", got "
              + Durations.format(intervalNanos));
    }
    if (timeoutNanos <= 0) {
      throw new InvalidInputException("probe: timeout must be positive");
    }
    if (status != 0 && (status < 100 || status > 599)) {
      throw new InvalidInputException(
          "probe: status must be a code from 100 to 599 (or 0 for any 2xx), got " + status);
    }
    if (contains != null && contains.isEmpty()) {
      contains = null;
    }
  }

  /**
   * A probe of {@code url} every {@code intervalNanos}, healthy on any 2xx; its timeout is the
   * interval, at most 2 s, so a slow answer never overlaps the next poll.
   */
  public static ProbeSpec of(String url, long intervalNanos) {
    Target t;
    try {
      t = Target.parse(url);
    } catch (InvalidInputException e) {
      throw new InvalidInputException("probe: " + e.getMessage());
    }
    if (t.https()) {
      // The probe's own connection speaks plain HTTP/1.1 only.
      throw new InvalidInputException("probe: https is not supported for the probe yet: " + url);
    }
    return new ProbeSpec(t, intervalNanos, Math.min(intervalNanos, 2_000_000_000L), 0, null);
  }

  /** A builder holding every field of this probe, to change some and {@link Builder#build()}. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Collects the fields of a {@link ProbeSpec}, starting from one ({@link #of} gives the usual
   * start); {@link #build()} validates them. Not thread-safe.
   */
  public static final class Builder {
    private Target url;
    private long intervalNanos;
    private long timeoutNanos;
    private int status;
    private String contains;

    private Builder(ProbeSpec from) {
      url = from.url;
      intervalNanos = from.intervalNanos;
      timeoutNanos = from.timeoutNanos;
      status = from.status;
      contains = from.contains;
    }

    public Builder url(Target url) {
      this.url = url;
      return this;
    }

    public Builder intervalNanos(long intervalNanos) {
      this.intervalNanos = intervalNanos;
      return this;
    }

    public Builder timeoutNanos(long timeoutNanos) {
      this.timeoutNanos = timeoutNanos;
      return this;
    }

    /** The status a healthy answer has; 0 for any 2xx. */
    public Builder status(int status) {
      this.status = status;
      return this;
    }

    /** Text a healthy answer's body contains, or null for no body check. */
    public Builder contains(String contains) {
      this.contains = contains;
      return this;
    }

    /**
     * The probe, validated.
     *
     * @throws InvalidInputException naming what is wrong, in one line
     */
    public ProbeSpec build() {
      return new ProbeSpec(url, intervalNanos, timeoutNanos, status, contains);
    }
  }

  /** Whether an answer with this status is healthy. */
  public boolean healthyStatus(int code) {
    return status == 0 ? code >= 200 && code < 300 : code == status;
  }
}
