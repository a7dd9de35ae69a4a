package dev.harness.engine.run;

import dev.harness.engine.model.RunSpec;
import dev.harness.engine.tls.ClientTls;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;

/** The connection pool of one worker for the run's protocol. */
final class Pools {
  private Pools() {}

  /** A pool on {@code loop} for worker {@code index}'s share of the connections. */
  static ConnectionPool of(
      EventLoop loop,
      RunSpec spec,
      int index,
      InetSocketAddress address,
      ClientTls tls,
      long timeoutNanos,
      Worker owner) {
    int connections = spec.connectionsOf(index);
    return switch (spec.protocol()) {
      case HTTP1 -> {
        // Flows with WebSocket steps: their sockets' pool wraps the HTTP one and hears its answers.
        FlowSockets sockets =
            FlowSockets.needed(spec)
                ? new FlowSockets(loop, spec, address, tls, timeoutNanos, owner)
                : null;
        Http1Pool http =
            new Http1Pool(
                loop,
                address,
                connections,
                timeoutNanos,
                sockets == null ? owner : sockets,
                tls,
                spec.target().host(),
                spec.maxRequestsPerConnection());
        yield sockets == null ? http : sockets.over(http);
      }
      case H2C ->
          new Http2Pool(
              loop,
              address,
              spec.target().host(),
              connections,
              spec.maxStreams(),
              spec.headerTableSize(),
              timeoutNanos,
              null,
              owner);
      // LoadRun made the context with ALPN h2, http/1.1 for an h2 run.
      case H2 ->
          new Http2Pool(
              loop,
              address,
              spec.target().host(),
              connections,
              spec.maxStreams(),
              spec.headerTableSize(),
              timeoutNanos,
              tls.context(),
              owner);
      case WEBSOCKET -> new WsPool(loop, address, spec, index, connections, tls, owner);
    };
  }
}
