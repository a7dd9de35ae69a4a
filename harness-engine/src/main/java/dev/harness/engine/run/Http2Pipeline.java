package dev.harness.engine.run;

import dev.harness.engine.tls.TlsFailure;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.DefaultHttp2RemoteFlowController;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.UniformStreamByteDistributor;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Promise;

/**
 * Builds the pipeline of an {@link Http2Pool} connection: the HTTP/2 handler straight away (h2c,
 * prior knowledge), or TLS first and the HTTP/2 handler once ALPN agreed on h2.
 *
 * <p>Thread contract: the handlers run on the connection's event loop.
 */
final class Http2Pipeline {
  /** Completed when the connection has its slots, failed when it could not be made. */
  static final AttributeKey<Promise<Void>> READY = AttributeKey.valueOf("harness.h2.ready");

  /** Stream window asked of the peer: answers of up to 1 MiB flow without a window update. */
  private static final int WINDOW = 1 << 20;

  private Http2Pipeline() {}

  /** Adds the HTTP/2 handler (which sends the connection preface) for {@code c}. */
  static void addHttp2(ChannelPipeline p, Http2Connection c) {
    // Requests are small and mostly bodiless: the uniform distributor does without the weighted
    // one's per-stream priority state, which was the largest allocation per request.
    DefaultHttp2Connection connection = new DefaultHttp2Connection(false);
    connection
        .remote()
        .flowController(
            new DefaultHttp2RemoteFlowController(
                connection, new UniformStreamByteDistributor(connection)));
    Http2Settings settings =
        Http2Settings.defaultSettings().pushEnabled(false).initialWindowSize(WINDOW);
    if (c.pool.headerTableSize >= 0) {
      // The server may index its answers' headers in a table no larger than this (0: not at all).
      // Netty's decoder holds it to that only once the server has ACKed these SETTINGS, and then
      // wants the server's next header block to start with the table size update.
      settings.headerTableSize(c.pool.headerTableSize);
    }
    Http2ConnectionHandler handler =
        new Http2ConnectionHandlerBuilder()
            .connection(connection)
            .frameListener(c)
            .initialSettings(settings)
            .validateHeaders(false)
            .build();
    p.addBefore(Life.NAME, null, c.new ReadMarker());
    p.addBefore(Life.NAME, null, handler);
    c.handler(handler);
  }

  /** Adds TLS with ALPN; the HTTP/2 handler follows when the server agrees to h2. */
  static void addTls(
      ChannelPipeline p,
      Http2Connection c,
      SslContext ssl,
      String host,
      int port,
      long handshakeTimeoutMillis) {
    SslHandler tls = ssl.newHandler(c.channel.alloc(), host, port);
    tls.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
    p.addBefore(Life.NAME, null, tls);
    p.addBefore(
        Life.NAME,
        null,
        new ApplicationProtocolNegotiationHandler(ApplicationProtocolNames.HTTP_1_1) {
          @Override
          protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
            c.pool.handshaken(c, tls, protocol);
            if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
              addHttp2(ctx.pipeline(), c);
            } else {
              c.failReason = "the server did not negotiate h2 (ALPN: " + protocol + ")";
              ctx.close();
            }
          }

          @Override
          protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
            c.failReason = TlsFailure.reason(cause);
            ctx.close();
          }
        });
  }

  /** The connection's life, reported to its pool; the last handler of the pipeline. */
  static final class Life extends ChannelInboundHandlerAdapter {
    static final String NAME = "harness-h2-life";
    private final Http2Pool pool;
    private final Http2Connection connection;

    Http2Connection connection() {
      return connection;
    }

    Life(Http2Pool pool, Http2Connection connection) {
      this.pool = pool;
      this.connection = connection;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      pool.connected(connection);
      ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      pool.closed(connection);
      ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
