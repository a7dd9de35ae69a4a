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
      case HTTP1 ->
          new Http1Pool(
              loop,
              address,
              connections,
              timeoutNanos,
              owner,
              tls,
              spec.target().host(),
              spec.maxRequestsPerConnection());
      case H2C ->
          new Http2Pool(
              loop,
              address,
              spec.target().host(),
              connections,
              spec.maxStreams(),
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
              timeoutNanos,
              tls.context(),
              owner);
      case WEBSOCKET -> new WsPool(loop, address, spec, index, connections, tls, owner);
    };
  }
}
