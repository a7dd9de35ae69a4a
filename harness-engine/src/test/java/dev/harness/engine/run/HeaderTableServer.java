package dev.harness.engine.run;

import dev.harness.engine.net.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.DefaultHttp2ConnectionDecoder;
import io.netty.handler.codec.http2.DefaultHttp2ConnectionEncoder;
import io.netty.handler.codec.http2.DefaultHttp2FrameReader;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2EventAdapter;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameWriter;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An h2c test server (Netty's codec) that records the SETTINGS_HEADER_TABLE_SIZE the client sent
 * and answers every request {@code 200} with a few headers its HPACK encoder indexes. When it does
 * not {@code honour} the client's header table size, its encoder never hears of it and keeps
 * HTTP/2's 4096-byte table, as HAProxy before 2.4 does.
 */
final class HeaderTableServer implements AutoCloseable {
  private final EventLoopGroup group;
  private final Channel listener;

  /** The client's SETTINGS_HEADER_TABLE_SIZE: -2 before any SETTINGS, -1 when it sent none. */
  final AtomicLong seen = new AtomicLong(-2);

  HeaderTableServer(boolean honour) throws InterruptedException {
    group = Transport.newGroup(1, new DefaultThreadFactory("h2-table-server", true));
    listener =
        new ServerBootstrap()
            .group(group)
            .channel(Transport.serverSocketChannel())
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline()
                        .addLast(handler(honour))
                        .addLast(
                            new ChannelInboundHandlerAdapter() {
                              @Override
                              public void exceptionCaught(ChannelHandlerContext ctx, Throwable t) {
                                ctx.close(); // a client that gave up on the connection reset it
                              }
                            });
                  }
                })
            .bind("127.0.0.1", 0)
            .sync()
            .channel();
  }

  String url() {
    return "http://127.0.0.1:" + ((InetSocketAddress) listener.localAddress()).getPort() + "/";
  }

  @Override
  public void close() {
    listener.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private Handler handler(boolean honour) {
    DefaultHttp2Connection connection = new DefaultHttp2Connection(true);
    Encoder encoder = new Encoder(connection, new DefaultHttp2FrameWriter(), honour);
    DefaultHttp2ConnectionDecoder decoder =
        new DefaultHttp2ConnectionDecoder(connection, encoder, new DefaultHttp2FrameReader());
    Handler h = new Handler(decoder, encoder);
    decoder.frameListener(h.listener);
    return h;
  }

  /** Netty's encoder, told the client's settings without the header table size unless honoured. */
  private final class Encoder extends DefaultHttp2ConnectionEncoder {
    private final boolean honour;

    Encoder(Http2Connection connection, Http2FrameWriter writer, boolean honour) {
      super(connection, writer);
      this.honour = honour;
    }

    @Override
    public void remoteSettings(Http2Settings settings) throws Http2Exception {
      Long size = settings.headerTableSize();
      seen.compareAndSet(-2, size == null ? -1 : size);
      if (!honour) {
        settings.remove(Http2CodecUtil.SETTINGS_HEADER_TABLE_SIZE);
      }
      super.remoteSettings(settings);
    }
  }

  private static final class Handler extends Http2ConnectionHandler {
    final Http2EventAdapter listener = new AnswerOnHeaders(this::answer);

    Handler(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder) {
      super(decoder, encoder, Http2Settings.defaultSettings().maxConcurrentStreams(100));
    }

    private void answer(ChannelHandlerContext ctx, int streamId) {
      Http2Headers headers =
          new DefaultHttp2Headers()
              .status("200")
              .add("server", "header-table-test")
              .add("content-type", "text/plain");
      ByteBuf body = Unpooled.wrappedBuffer(new byte[] {'o', 'k'});
      encoder().writeHeaders(ctx, streamId, headers, 0, false, ctx.newPromise());
      encoder().writeData(ctx, streamId, body, 0, true, ctx.newPromise());
      ctx.flush();
    }
  }
}
