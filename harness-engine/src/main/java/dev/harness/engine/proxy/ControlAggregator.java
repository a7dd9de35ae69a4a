package dev.harness.engine.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;

/**
 * Netty's aggregator for the control API, whose own refusals (a body over the limit, an {@code
 * Expect} it cannot meet) are empty answers: here they carry the API's JSON error body like every
 * other error, so a client always learns why.
 *
 * <p>Thread contract: one per control connection, on its event loop.
 */
final class ControlAggregator extends HttpObjectAggregator {
  private final int maxBytes;

  ControlAggregator(int maxBytes) {
    super(maxBytes);
    this.maxBytes = maxBytes;
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    // The rest of the body may still be on its way. Closing now, with it unread, would make the
    // kernel reset the connection and the client could lose the answer; so only the sending half
    // is shut: the aggregator reads and drops the rest, and the client's close ends the channel.
    FullHttpResponse r = tooLarge();
    ctx.writeAndFlush(r)
        .addListener(
            f -> {
              if (ctx.channel() instanceof DuplexChannel d) {
                d.shutdownOutput();
              } else {
                ctx.close();
              }
            });
  }

  @Override
  protected Object newContinueResponse(
      HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
    Object plain = super.newContinueResponse(start, maxContentLength, pipeline);
    if (!(plain instanceof HttpResponse r) || r.status().code() == 100) {
      return plain;
    }
    HttpResponseStatus status = r.status();
    ReferenceCountUtil.release(plain);
    if (status.equals(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE)) {
      return tooLarge();
    }
    FullHttpResponse json =
        ControlHandler.error(status, "cannot meet Expect: " + start.headers().get("Expect"));
    HttpUtil.setContentLength(json, json.content().readableBytes());
    return json;
  }

  private FullHttpResponse tooLarge() {
    FullHttpResponse r =
        ControlHandler.error(
            HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
            "request body larger than " + maxBytes + " bytes");
    HttpUtil.setContentLength(r, r.content().readableBytes());
    r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    return r;
  }
}
