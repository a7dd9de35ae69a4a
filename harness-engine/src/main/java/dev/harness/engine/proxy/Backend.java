package dev.harness.engine.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The proxy's side of one upstream connection: hands what the upstream sends to its {@link
 * Frontend}.
 *
 * <p>Thread contract: runs on the event loop it shares with its frontend.
 */
final class Backend extends ChannelInboundHandlerAdapter {
  private final Frontend frontend;

  Backend(Frontend frontend) {
    this.frontend = frontend;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    frontend.fromUpstream(msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    frontend.flushClient();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    frontend.upstreamWritable(ctx.channel().isWritable());
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    frontend.upstreamClosed();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
