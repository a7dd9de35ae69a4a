package dev.harness.engine.run;

import dev.harness.engine.net.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http2.AbstractHttp2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2EventAdapter;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An h2c test server that misbehaves the HTTP/2 way: it resets every {@code resetEvery}-th stream
 * (RST_STREAM CANCEL) and, on each connection, sends GOAWAY after {@code goAwayAfter} streams,
 * naming the stream it just answered as the last; streams the client opened after that one are
 * never processed; every {@code silentEvery}-th stream gets no answer at all. Every other stream
 * gets {@code 200} with a small body.
 */
final class Http2Server implements AutoCloseable {
  private final EventLoopGroup group;
  private final Channel listener;
  final AtomicInteger goAwaysSent = new AtomicInteger();
  final AtomicInteger resetsSent = new AtomicInteger();
  final AtomicInteger connections = new AtomicInteger();

  /** After this many streams on a connection, a SETTINGS lowers its limit to {@link #lowerTo}. */
  volatile int lowerAfter;

  volatile int lowerTo;

  Http2Server(int resetEvery, int goAwayAfter) throws InterruptedException {
    this(resetEvery, goAwayAfter, 0);
  }

  /**
   * @param silentEvery every this-th stream is never answered (0: none)
   */
  Http2Server(int resetEvery, int goAwayAfter, int silentEvery) throws InterruptedException {
    group = Transport.newGroup(1, new DefaultThreadFactory("h2-test-server", true));
    listener =
        new ServerBootstrap()
            .group(group)
            .channel(Transport.serverSocketChannel())
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    connections.incrementAndGet();
                    ch.pipeline()
                        .addLast(new Builder(resetEvery, goAwayAfter, silentEvery).build());
                  }
                })
            .bind("127.0.0.1", 0)
            .sync()
            .channel();
  }

  int port() {
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  String url() {
    return "http://127.0.0.1:" + port() + "/";
  }

  @Override
  public void close() {
    listener.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private final class Builder extends AbstractHttp2ConnectionHandlerBuilder<Handler, Builder> {
    private final int resetEvery;
    private final int goAwayAfter;
    private final int silentEvery;

    Builder(int resetEvery, int goAwayAfter, int silentEvery) {
      this.resetEvery = resetEvery;
      this.goAwayAfter = goAwayAfter;
      this.silentEvery = silentEvery;
      server(true);
      initialSettings(Http2Settings.defaultSettings().maxConcurrentStreams(1000));
    }

    @Override
    public Handler build() {
      return super.build();
    }

    @Override
    protected Handler build(
        Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder, Http2Settings settings) {
      Handler h = new Handler(decoder, encoder, settings, resetEvery, goAwayAfter, silentEvery);
      frameListener(h.listener);
      return h;
    }
  }

  private final class Handler extends Http2ConnectionHandler {
    private final int resetEvery;
    private final int goAwayAfter;
    private final int silentEvery;
    private int streams;
    private boolean goneAway;

    final Http2EventAdapter listener = new AnswerOnHeaders(this::answer);

    Handler(
        Http2ConnectionDecoder decoder,
        Http2ConnectionEncoder encoder,
        Http2Settings settings,
        int resetEvery,
        int goAwayAfter,
        int silentEvery) {
      super(decoder, encoder, settings);
      this.resetEvery = resetEvery;
      this.goAwayAfter = goAwayAfter;
      this.silentEvery = silentEvery;
    }

    private void answer(ChannelHandlerContext ctx, int streamId) {
      if (goneAway) {
        return;
      }
      streams++;
      if (lowerAfter > 0 && streams == lowerAfter) {
        encoder()
            .writeSettings(
                ctx, new Http2Settings().maxConcurrentStreams(lowerTo), ctx.newPromise());
      }
      if (silentEvery > 0 && streams % silentEvery == 0) {
        return;
      }
      if (resetEvery > 0 && streams % resetEvery == 0) {
        resetsSent.incrementAndGet();
        encoder().writeRstStream(ctx, streamId, Http2Error.CANCEL.code(), ctx.newPromise());
      } else {
        ByteBuf body = Unpooled.wrappedBuffer(new byte[] {'o', 'k'});
        encoder()
            .writeHeaders(
                ctx, streamId, new DefaultHttp2Headers().status("200"), 0, false, ctx.newPromise());
        encoder().writeData(ctx, streamId, body, 0, true, ctx.newPromise());
      }
      if (goAwayAfter > 0 && streams == goAwayAfter) {
        goneAway = true;
        goAwaysSent.incrementAndGet();
        goAway(ctx, streamId, Http2Error.NO_ERROR.code(), Unpooled.EMPTY_BUFFER, ctx.newPromise());
      }
      ctx.flush();
    }
  }
}
