package dev.harness.engine.run;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http2.AbstractHttp2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import java.nio.charset.StandardCharsets;

/**
 * The {@link JitWarmup}'s h2c server: answers every stream {@code 200 ok} at once, nothing else.
 *
 * <p>Thread contract: each connection's handler runs on its channel's event loop.
 */
final class Http2Stub extends ChannelInitializer<SocketChannel> {
  private static final Http2Headers OK = new DefaultHttp2Headers().status("200");
  private static final byte[] BODY = "ok".getBytes(StandardCharsets.US_ASCII);

  @Override
  protected void initChannel(SocketChannel ch) {
    ch.pipeline().addLast(new Builder().build());
  }

  private static final class Builder
      extends AbstractHttp2ConnectionHandlerBuilder<Http2ConnectionHandler, Builder> {
    Builder() {
      server(true);
      initialSettings(Http2Settings.defaultSettings());
    }

    @Override
    public Http2ConnectionHandler build() {
      return super.build();
    }

    @Override
    protected Http2ConnectionHandler build(
        Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder, Http2Settings settings) {
      Http2ConnectionHandler handler = new Http2ConnectionHandler(decoder, encoder, settings) {};
      frameListener(new Answerer(encoder));
      return handler;
    }
  }

  /** Answers each request's headers with {@code 200 ok}. */
  private static final class Answerer extends AnswerOnHeaders {
    Answerer(Http2ConnectionEncoder encoder) {
      super(
          (ctx, streamId) -> {
            encoder.writeHeaders(ctx, streamId, OK, 0, false, ctx.voidPromise());
            encoder.writeData(
                ctx, streamId, Unpooled.wrappedBuffer(BODY), 0, true, ctx.voidPromise());
          });
    }

    @Override
    public void onSettingsRead(ChannelHandlerContext ctx, Http2Settings settings) {
      ctx.flush();
    }
  }

  /** Not shared: one handler per connection. */
  static ChannelHandler initializer() {
    return new Http2Stub();
  }
}
