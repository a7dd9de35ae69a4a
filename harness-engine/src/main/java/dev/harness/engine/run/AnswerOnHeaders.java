package dev.harness.engine.run;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.Http2EventAdapter;
import io.netty.handler.codec.http2.Http2Headers;

/**
 * An HTTP/2 server's frame listener that answers each request once its headers are read, whichever
 * of Netty's two {@code onHeadersRead} calls (with or without priority) brings them: the {@link
 * Http2Stub} of the JIT warm-up, and the tests' servers.
 *
 * <p>Thread contract: as Netty's listeners, called on its connection's event loop.
 */
class AnswerOnHeaders extends Http2EventAdapter {
  /** Writes the answer to stream {@code streamId}. */
  interface Answer {
    void answer(ChannelHandlerContext ctx, int streamId);
  }

  private final Answer answer;

  AnswerOnHeaders(Answer answer) {
    this.answer = answer;
  }

  @Override
  public void onHeadersRead(
      ChannelHandlerContext ctx,
      int streamId,
      Http2Headers headers,
      int padding,
      boolean endOfStream) {
    answer.answer(ctx, streamId);
  }

  @Override
  public void onHeadersRead(
      ChannelHandlerContext ctx,
      int streamId,
      Http2Headers headers,
      int dependency,
      short weight,
      boolean exclusive,
      int padding,
      boolean endOfStream) {
    answer.answer(ctx, streamId);
  }
}
