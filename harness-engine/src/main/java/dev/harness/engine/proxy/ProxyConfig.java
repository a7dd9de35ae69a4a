package dev.harness.engine.proxy;

import dev.harness.engine.time.InvalidInputException;

/**
 * How a {@link FaultProxy} runs. Immutable; validated when built, with messages that name the
 * option the way the CLI spells it. Made with {@link #to} or {@link #builder()}; a changed copy
 * with {@link #toBuilder()}.
 *
 * @param listenHost address to accept clients on
 * @param listenPort port to accept clients on, {@code 0} for an ephemeral one
 * @param upstreamHost where traffic goes
 * @param upstreamPort where traffic goes
 * @param http HTTP-aware (HTTP/1.1 parsed in both directions, needed by the {@code status} fault)
 *     rather than a plain byte relay
 * @param threads event loops relaying connections
 * @param connectTimeoutMillis how long a connection to the upstream may take to open
 */
public record ProxyConfig(
    String listenHost,
    int listenPort,
    String upstreamHost,
    int upstreamPort,
    boolean http,
    int threads,
    int connectTimeoutMillis) {

  public ProxyConfig {
    if (listenHost == null || listenHost.isBlank()) {
      throw new InvalidInputException("listen: host is missing");
    }
    if (listenPort < 0 || listenPort > 65535) {
      throw new InvalidInputException("listen: port must be 0 to 65535, got " + listenPort);
    }
    if (upstreamHost == null || upstreamHost.isBlank()) {
      throw new InvalidInputException("upstream: host is missing");
    }
    if (upstreamPort < 1 || upstreamPort > 65535) {
      throw new InvalidInputException("upstream: port must be 1 to 65535, got " + upstreamPort);
    }
    if (threads < 1 || threads > 64) {
      throw new InvalidInputException("threads must be 1 to 64, got " + threads);
    }
    if (connectTimeoutMillis < 1) {
      throw new InvalidInputException("connect timeout must be positive");
    }
  }

  /** HTTP-aware, one thread, 5 s upstream connect timeout, listening on an ephemeral port. */
  public static ProxyConfig to(String upstreamHost, int upstreamPort) {
    return builder().upstreamHost(upstreamHost).upstreamPort(upstreamPort).build();
  }

  /**
   * A builder with the defaults of {@link #to} and no upstream yet (set {@link
   * Builder#upstreamHost} and {@link Builder#upstreamPort}).
   */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding every field of this config, to change some and {@link Builder#build()}. */
  public Builder toBuilder() {
    return new Builder()
        .listenHost(listenHost)
        .listenPort(listenPort)
        .upstreamHost(upstreamHost)
        .upstreamPort(upstreamPort)
        .http(http)
        .threads(threads)
        .connectTimeoutMillis(connectTimeoutMillis);
  }

  /**
   * Collects the fields of a {@link ProxyConfig}; {@link #build()} validates them. Not thread-safe.
   */
  public static final class Builder {
    private String listenHost = "127.0.0.1";
    private int listenPort;
    private String upstreamHost;
    private int upstreamPort;
    private boolean http = true;
    private int threads = 1;
    private int connectTimeoutMillis = 5000;

    private Builder() {}

    public Builder listenHost(String listenHost) {
      this.listenHost = listenHost;
      return this;
    }

    public Builder listenPort(int listenPort) {
      this.listenPort = listenPort;
      return this;
    }

    public Builder upstreamHost(String upstreamHost) {
      this.upstreamHost = upstreamHost;
      return this;
    }

    public Builder upstreamPort(int upstreamPort) {
      this.upstreamPort = upstreamPort;
      return this;
    }

    public Builder http(boolean http) {
      this.http = http;
      return this;
    }

    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    public Builder connectTimeoutMillis(int connectTimeoutMillis) {
      this.connectTimeoutMillis = connectTimeoutMillis;
      return this;
    }

    /**
     * The config, validated.
     *
     * @throws InvalidInputException naming the option at fault, in one line
     */
    public ProxyConfig build() {
      return new ProxyConfig(
          listenHost, listenPort, upstreamHost, upstreamPort, http, threads, connectTimeoutMillis);
    }
  }

  /** A {@code HOST:PORT} pair as users write it ({@code [::1]:8080} for IPv6). */
  public record HostPort(String host, int port) {
    /**
     * Parses {@code HOST:PORT}, {@code [V6]:PORT} or {@code :PORT} (loopback).
     *
     * @param what option name for the message, e.g. {@code --listen}
     */
    public static HostPort parse(String text, String what) {
      String s = text == null ? "" : text.trim();
      int colon = s.lastIndexOf(':');
      if (colon < 0 || colon == s.length() - 1) {
        throw new InvalidInputException(
            what + ": expected HOST:PORT, e.g. 127.0.0.1:8080, got '" + s + "'");
      }
      String host = s.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      } else if (host.indexOf(':') >= 0) {
        throw new InvalidInputException(
            what + ": write an IPv6 address in brackets, e.g. [::1]:8080, got '" + s + "'");
      }
      if (host.isEmpty()) {
        host = "127.0.0.1";
      }
      int port;
      try {
        port = Integer.parseInt(s.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new InvalidInputException(what + ": bad port in '" + s + "'");
      }
      if (port < 0 || port > 65535) {
        throw new InvalidInputException(what + ": port must be 0 to 65535, got " + port);
      }
      return new HostPort(host, port);
    }

    @Override
    public String toString() {
      return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
  }
}
