package dev.harness.engine.run;

import dev.harness.engine.model.Answer;
import dev.harness.engine.net.Transport;
import dev.harness.engine.result.Http2Stats;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.WebSocketStats;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A worker's connections to the target, seen as {@link Slot}s: places where one request can be in
 * flight. The pool hands out a free slot or none ({@link #poll}), opens a connection when arrivals
 * wait and the worker's connection budget allows ({@link #grow}), takes slots back ({@link
 * #release}), times out requests in flight and closes everything at the end of the run. It tells
 * its worker what happens through {@link Owner}.
 *
 * <p>Protocols plug in here without changing the worker, which sees only slots:
 *
 * <ul>
 *   <li>HTTP/1.1 ({@link Http1Pool}): a connection is one slot; it is free when idle.
 *   <li>HTTP/2 ({@link Http2Pool}): a connection carries many slots, one per stream its peer's
 *       max_concurrent_streams allows; {@link #poll} hands out a free stream of an open connection,
 *       {@link #grow} opens another connection when every stream is busy, and a connection that
 *       comes up calls {@link Owner#slotReady} once per stream.
 *   <li>WebSocket ({@link WsPool}): an open socket carries many slots, one per message in flight on
 *       it; a message and its reply are one request.
 * </ul>
 *
 * <p>Thread contract: every method but {@link #openAll} and {@link #lastConnectError} runs on the
 * worker's event loop, and so does every {@link Owner} call.
 */
interface ConnectionPool {

  /** What a pool tells its worker, on the worker's event loop. */
  interface Owner {
    /** A new slot can take a request: a connection (or one of its streams) opened. */
    void slotReady(Slot slot);

    /**
     * The request on {@code slot} was answered; if {@code reusable} the slot can take the next one,
     * else the pool drops it.
     */
    void answered(Slot slot, int status, boolean reusable, Answer answer);

    /** The request on {@code slot} ended without an answer. */
    void failed(Slot slot, Outcome outcome);

    /**
     * As {@link #failed(Slot, Outcome)}, saying why (a protocol error's reason). Called also when
     * no request is in flight on {@code slot} (an answer nobody asked for): then only the reason is
     * counted.
     */
    default void failed(Slot slot, Outcome outcome, String reason) {
      failed(slot, outcome);
    }

    /**
     * A connection met {@code cause} (opening, reading or writing): if it is the generator's own
     * failure (out of memory, out of file descriptors) the run ends. Call before {@link
     * #connectFailed} or {@link #failed}.
     */
    default void connectionError(Throwable cause) {}

    /** A connection could not be opened: its slots never came. */
    void connectFailed();

    /** A connection closed; a request that was in flight on it has already {@link #failed}. */
    void connectionLost();
  }

  /** Opens the whole budget of connections; completes with how many opened. Thread-safe. */
  CompletableFuture<Integer> openAll();

  /** A free slot, taken out of the pool, or null if none is free now. */
  Slot poll();

  /**
   * The free slots to prime before time zero, taken out of the pool: every free slot by default. A
   * pool whose connections carry many slots primes one per connection, which is all that warming
   * the connection and the request path needs.
   */
  default List<Slot> primingSlots() {
    List<Slot> all = new ArrayList<>();
    for (Slot s = poll(); s != null; s = poll()) {
      all.add(s);
    }
    return all;
  }

  /** Takes back a free slot. */
  void release(Slot slot);

  /** {@code waiting} arrivals wait: opens another connection if the budget allows and it helps. */
  void grow(int waiting);

  /** Opens a connection if fewer than the budget are open (the closed model keeps all open). */
  void refill();

  /** Fails with {@link Outcome#TIMEOUT} every request sent more than {@code nanos} before now. */
  void timeOut(long now, long nanos);

  /** Closes every connection, and any that opens from now on. */
  void closeAll();

  /** The last reason a connection could not be opened, or null. Thread-safe. */
  String lastConnectError();

  /**
   * What the pool's connections cost to open (connect, TLS handshakes); read by the run only after
   * the worker is done.
   */
  ConnectionMeter meter();

  /** What the pool saw of HTTP/2, or null for a pool of another protocol. Thread-safe. */
  default Http2Stats http2() {
    return null;
  }

  /** What the pool saw of its WebSocket sockets, or null for a pool of another protocol. */
  default WebSocketStats websocket() {
    return null;
  }

  /**
   * How long, in ms, opening a connection may take (connect, and each handshake on it): the request
   * timeout, at least 1 ms and at most 10 s.
   */
  static long connectTimeoutMillis(long timeoutNanos) {
    return Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(timeoutNanos), 10_000));
  }

  /**
   * A bootstrap of a pool's TCP connections on {@code loop}: Nagle off, connects given up after
   * {@code connectMillis}. The pool adds its channel initializer.
   */
  static Bootstrap bootstrap(EventLoop loop, long connectMillis) {
    return new Bootstrap()
        .group(loop)
        .channel(Transport.socketChannel())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectMillis);
  }

  /**
   * Runs {@code onFailure} on the pool's {@code loop} if the connect {@code f} fails. A channel
   * that could not even be made (no file descriptor left) fails on Netty's global executor, not on
   * the loop, and a pool's state is its loop's alone.
   */
  static void onConnectFailure(ChannelFuture f, EventLoop loop, Runnable onFailure) {
    f.addListener(
        r -> {
          if (r.isSuccess()) {
            return;
          }
          if (loop.inEventLoop()) {
            onFailure.run();
          } else {
            loop.execute(onFailure);
          }
        });
  }

  /**
   * The one-line reason the connect {@code f} failed, once {@code owner} has heard its cause (so
   * the generator's own failure ends the run).
   */
  static String connectFailure(ChannelFuture f, Owner owner) {
    Throwable cause = f.cause();
    if (cause == null) {
      return "connect failed";
    }
    owner.connectionError(cause);
    return String.valueOf(cause.getMessage());
  }
}
