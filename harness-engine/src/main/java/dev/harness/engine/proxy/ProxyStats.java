package dev.harness.engine.proxy;

import java.util.concurrent.atomic.LongAdder;

/** Counters of what the proxy did, for the control API and tests. Thread-safe. */
public final class ProxyStats {
  final LongAdder accepted = new LongAdder();
  final LongAdder closed = new LongAdder();
  final LongAdder upstreamFailures = new LongAdder();
  final LongAdder injected = new LongAdder();
  final LongAdder resets = new LongAdder();
  final LongAdder closedAfterBytes = new LongAdder();
  final LongAdder badRequests = new LongAdder();
  private volatile String lastUpstreamError;

  /** Client connections accepted so far. */
  public long accepted() {
    return accepted.sum();
  }

  /** Client connections open now. */
  public long open() {
    return accepted.sum() - closed.sum();
  }

  /** Connections to the upstream that could not be opened (the client was reset). */
  public long upstreamFailures() {
    return upstreamFailures.sum();
  }

  /** Requests answered by the proxy itself under a {@code status} fault. */
  public long injected() {
    return injected.sum();
  }

  /** Connections reset by the {@code reset} fault or after a failed upstream connect. */
  public long resets() {
    return resets.sum();
  }

  /** Connections closed by the {@code close-after} fault. */
  public long closedAfterBytes() {
    return closedAfterBytes.sum();
  }

  /** Malformed requests answered 400 (HTTP mode). */
  public long badRequests() {
    return badRequests.sum();
  }

  /** Why the last upstream connect failed, or null. */
  public String lastUpstreamError() {
    return lastUpstreamError;
  }

  void upstreamFailed(Throwable cause) {
    upstreamFailures.increment();
    lastUpstreamError = cause == null ? "connect failed" : String.valueOf(cause.getMessage());
  }
}
