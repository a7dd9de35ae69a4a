package dev.harness.engine.run;

import dev.harness.engine.model.StatusSet;
import dev.harness.engine.result.Outcome;
import io.netty.buffer.ByteBuf;

/**
 * A place where one request can be in flight, with that request's state: an idle HTTP/1.1
 * connection today (one slot per connection), later a stream of an HTTP/2 connection or an open
 * WebSocket. A {@link ConnectionPool} hands slots out; the worker fills in the request's fields,
 * calls {@link #send}, and hears the answer through the pool's {@link ConnectionPool.Owner}. One
 * slot object serves request after request, so a send allocates nothing.
 *
 * <p>Thread contract: owned by one worker's event loop; not thread-safe.
 */
abstract class Slot {
  /** Whether a request is in flight. */
  boolean busy;

  /** Intended start of the request in flight (System.nanoTime), the base of its response time. */
  long intendedNanos;

  /** When the request in flight was written, the base of its service time. */
  long sentNanos;

  /** Phase the request in flight belongs to. */
  int phase;

  /** Name index the request in flight is recorded under. */
  int name;

  /** Statuses that are not errors for the request in flight. */
  StatusSet expected = StatusSet.DEFAULT;

  /** The flow the request in flight is a step of, or null for a fixed single request. */
  FlowRun flow;

  /** Bytes of the request in flight as written, for the request log. */
  int sentBytes;

  /** The connection carrying this slot, as the request log names it: Netty's short channel id. */
  abstract String connectionId();

  /**
   * The pre-encoded request {@code fixed[name]}, ready to {@link #send}; a slot may hand out its
   * own reusable view so a send allocates nothing.
   */
  abstract ByteBuf fixedRequest(ByteBuf[] fixed, int name);

  /**
   * Writes a request whose fields are set; {@code head}: no body will come, {@code capture}: keep
   * it.
   */
  abstract void send(ByteBuf request, boolean head, boolean capture);

  /** Ends the request in flight, if any, with {@code outcome} and drops what carries the slot. */
  abstract void fail(Outcome outcome);
}
