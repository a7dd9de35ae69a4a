package dev.harness.engine.target;

import dev.harness.engine.time.Durations;
import dev.harness.engine.time.InvalidInputException;

/**
 * How the embedded target server behaves. Immutable; validated when built, with messages that name
 * the option at fault the way the CLI spells it ({@code error-rate}, {@code freeze-every}). Made
 * with {@link #builder()}; a changed copy with {@link #toBuilder()}.
 *
 * @param host address to listen on
 * @param port TCP port, {@code 0} for an ephemeral one (read it back with {@link
 *     TargetServer#port()})
 * @param threads event loop threads serving connections
 * @param delay work time before each answer on {@code /} and each authenticated {@code /api/} call
 *     ({@code /api/me}, {@code /api/items...}; see {@link Routes})
 * @param errorRate share of {@code /} requests answered {@code 500}, between 0 and 1; never the
 *     {@code /api/} routes, so a scenario's login steps stay deterministic
 * @param freezeNanos length of each stall, {@code 0} for none
 * @param freezeEveryNanos period of the stalls: stall k (k = 1, 2, ...) covers {@code [k * every, k
 *     * every + freeze)} after the server started; answers that come due inside a stall are held
 *     and all sent when it ends, like a process paused by a long GC or {@code ^Z}
 * @param maxConcurrency most requests being worked on at once across the server, the rest wait
 *     first come first served; {@code 0} for no limit. With a fixed delay d the server then manages
 *     at most {@code maxConcurrency / d} requests a second.
 * @param healthDownFromNanos when, after the server started, {@code /health} begins to answer
 *     {@code 503 {"status":"DOWN"}}
 * @param healthDownForNanos for how long it does; {@code 0} for never: a known outage window for
 *     health probes to find
 * @param rateLimit requests a second {@code /limited} lets through, server-wide; the rest are
 *     answered {@code 429} (see {@link RateLimit})
 * @param tls the certificate served over TLS ({@code https://}), or null for plain HTTP
 * @param http2 also serve HTTP/2 with prior knowledge (h2c) on the same port, and h2c upgrades
 * @param maxConcurrentStreams HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS sent to clients; {@code 0}
 *     keeps Netty's default (100)
 */
public record TargetConfig(
    String host,
    int port,
    int threads,
    Delay delay,
    double errorRate,
    long freezeNanos,
    long freezeEveryNanos,
    int maxConcurrency,
    long healthDownFromNanos,
    long healthDownForNanos,
    double rateLimit,
    TargetTls tls,
    boolean http2,
    int maxConcurrentStreams) {

  /** The default {@link #rateLimit}: 100 requests a second, nginx's {@code rate=100r/s}. */
  public static final double DEFAULT_RATE_LIMIT = 100;

  /** Upper bound on event loops; more than a few per core only adds context switches. */
  public static final int MAX_THREADS = 256;

  public TargetConfig {
    if (host == null || host.isBlank()) {
      throw new InvalidInputException("host is missing");
    }
    if (port < 0 || port > 65535) {
      throw new InvalidInputException("port must be between 0 and 65535, got " + port);
    }
    if (threads < 1 || threads > MAX_THREADS) {
      throw new InvalidInputException(
          "threads must be between 1 and " + MAX_THREADS + ", got " + threads);
    }
    if (delay == null) {
      throw new InvalidInputException("delay is missing (use none for no delay)");
    }
    if (!(errorRate >= 0 && errorRate <= 1)) {
      throw new InvalidInputException("error-rate must be between 0 and 1, got " + errorRate);
    }
    if (freezeNanos < 0) {
      throw new InvalidInputException("freeze must not be negative, got " + freezeNanos + "ns");
    }
    if (freezeEveryNanos < 0) {
      throw new InvalidInputException(
          "freeze-every must not be negative, got " + freezeEveryNanos + "ns");
    }
    if (freezeNanos > 0 && freezeEveryNanos <= freezeNanos) {
      throw new InvalidInputException(
          "freeze-every must be longer than freeze ("
              + Durations.format(freezeNanos)
              + "), got "
              + (freezeEveryNanos == 0 ? "none" : Durations.format(freezeEveryNanos)));
    }
    if (maxConcurrency < 0) {
      throw new InvalidInputException(
          "max-concurrency must not be negative (0 means unlimited), got " + maxConcurrency);
    }
    if (healthDownFromNanos < 0 || healthDownForNanos < 0) {
      throw new InvalidInputException("health-down window must not be negative");
    }
    if (!(rateLimit > 0 && rateLimit <= 1e9)) {
      throw new InvalidInputException(
          "rate-limit must be above 0 and at most 1000000000/s, got " + rateLimit);
    }
    if (maxConcurrentStreams < 0) {
      throw new InvalidInputException(
          "max-concurrent-streams must not be negative (0 keeps the default, 100), got "
              + maxConcurrentStreams);
    }
  }

  /** Loopback, ephemeral port, one thread, no delay, no errors, no stalls, no limit. */
  public static TargetConfig defaults() {
    return builder().build();
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding every field of this config, to change some and {@link Builder#build()}. */
  public Builder toBuilder() {
    return new Builder()
        .host(host)
        .port(port)
        .threads(threads)
        .delay(delay)
        .errorRate(errorRate)
        .freezeNanos(freezeNanos)
        .freezeEveryNanos(freezeEveryNanos)
        .maxConcurrency(maxConcurrency)
        .healthDownFromNanos(healthDownFromNanos)
        .healthDownForNanos(healthDownForNanos)
        .rateLimit(rateLimit)
        .tls(tls)
        .http2(http2)
        .maxConcurrentStreams(maxConcurrentStreams);
  }

  /**
   * Collects the fields of a {@link TargetConfig}, starting from {@link #defaults()}; {@link
   * #build()} validates them. Not thread-safe.
   */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port;
    private int threads = 1;
    private Delay delay = Delay.NONE;
    private double errorRate;
    private long freezeNanos;
    private long freezeEveryNanos;
    private int maxConcurrency;
    private long healthDownFromNanos;
    private long healthDownForNanos;
    private double rateLimit = DEFAULT_RATE_LIMIT;
    private TargetTls tls;
    private boolean http2;
    private int maxConcurrentStreams;

    private Builder() {}

    /** Serve TLS with this certificate; null for plain HTTP. */
    public Builder tls(TargetTls tls) {
      this.tls = tls;
      return this;
    }

    public Builder http2(boolean http2) {
      this.http2 = http2;
      return this;
    }

    public Builder maxConcurrentStreams(int maxConcurrentStreams) {
      this.maxConcurrentStreams = maxConcurrentStreams;
      return this;
    }

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    public Builder delay(Delay delay) {
      this.delay = delay;
      return this;
    }

    public Builder errorRate(double errorRate) {
      this.errorRate = errorRate;
      return this;
    }

    public Builder freezeNanos(long freezeNanos) {
      this.freezeNanos = freezeNanos;
      return this;
    }

    public Builder freezeEveryNanos(long freezeEveryNanos) {
      this.freezeEveryNanos = freezeEveryNanos;
      return this;
    }

    public Builder maxConcurrency(int maxConcurrency) {
      this.maxConcurrency = maxConcurrency;
      return this;
    }

    public Builder healthDownFromNanos(long healthDownFromNanos) {
      this.healthDownFromNanos = healthDownFromNanos;
      return this;
    }

    public Builder healthDownForNanos(long healthDownForNanos) {
      this.healthDownForNanos = healthDownForNanos;
      return this;
    }

    public Builder rateLimit(double rateLimit) {
      this.rateLimit = rateLimit;
      return this;
    }

    /**
     * The config, validated.
     *
     * @throws InvalidInputException naming the option at fault, in one line
     */
    public TargetConfig build() {
      return new TargetConfig(
          host,
          port,
          threads,
          delay,
          errorRate,
          freezeNanos,
          freezeEveryNanos,
          maxConcurrency,
          healthDownFromNanos,
          healthDownForNanos,
          rateLimit,
          tls,
          http2,
          maxConcurrentStreams);
    }
  }

  /** Whether {@code /health} is down {@code sinceStartNanos} after the server started. */
  public boolean healthDownAt(long sinceStartNanos) {
    return healthDownForNanos > 0
        && sinceStartNanos >= healthDownFromNanos
        && sinceStartNanos < healthDownFromNanos + healthDownForNanos;
  }

  /** The settings as one line: {@code delay=2ms error-rate=0.0 freeze=none max-concurrency=4}. */
  public String describeBehaviour() {
    String freeze =
        freezeNanos == 0
            ? "none"
            : Durations.format(freezeNanos) + "/" + Durations.format(freezeEveryNanos);
    return "threads="
        + threads
        + " delay="
        + delay
        + " error-rate="
        + errorRate
        + " freeze="
        + freeze
        + " max-concurrency="
        + (maxConcurrency == 0 ? "unlimited" : maxConcurrency)
        + " rate-limit="
        + (rateLimit == Math.rint(rateLimit) ? Long.toString((long) rateLimit) : rateLimit)
        + "/s"
        + (healthDownForNanos == 0
            ? ""
            : " health-down="
                + Durations.format(healthDownFromNanos)
                + "+"
                + Durations.format(healthDownForNanos))
        + (http2
            // Over TLS the client picks h2 or HTTP/1.1 by ALPN; in cleartext h2 is prior knowledge.
            ? (tls != null ? " http2=h2 alpn=h2,http/1.1" : " http2=h2c")
                + (maxConcurrentStreams == 0
                    ? ""
                    : " max-concurrent-streams=" + maxConcurrentStreams)
            : "");
  }
}
