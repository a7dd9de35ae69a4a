package dev.harness.engine.target;

import io.netty.handler.codec.http.FullHttpResponse;

/**
 * One request's answer on its way out of a connection. It is built when the request is read and
 * owns its response, buffer included, until the response is written or the connection is gone.
 * Touched only by the connection's event loop.
 */
final class PendingAnswer {
  final FullHttpResponse response;

  /** Simulated work before the answer is due. */
  final long workNanos;

  /** Counts against the server-wide concurrency limit. */
  final boolean limited;

  /** The connection closes once this answer is written. */
  final boolean close;

  /** Holds a limiter permit that has not been given back yet. */
  boolean holdsPermit;

  /** Due, and past any stall: it goes out as soon as the answers before it have. */
  boolean ready;

  PendingAnswer(FullHttpResponse response, long workNanos, boolean limited, boolean close) {
    this.response = response;
    this.workNanos = workNanos;
    this.limited = limited;
    this.close = close;
  }
}
