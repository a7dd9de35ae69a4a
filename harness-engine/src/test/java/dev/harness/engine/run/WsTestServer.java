package dev.harness.engine.run;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WebSocket echo server for tests, with misbehaviour on demand: it holds every reply due in a
 * window of {@code stallNanos} once every {@code stallEveryNanos} until the window ends (a freeze
 * of the service, not of the socket), and it closes a socket with {@code closeCode} after its
 * {@code closeAfter}-th message. Counts the messages it received.
 */
final class WsTestServer implements AutoCloseable {
  private final MultiThreadIoEventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel server;
  private final long start = System.nanoTime();
  final AtomicLong received = new AtomicLong();
  final AtomicInteger closed = new AtomicInteger();

  /** Whether replies after each socket's first message go out in swapped pairs: 3 2 5 4 ... */
  private final boolean swap;

  WsTestServer(long stallNanos, long stallEveryNanos, int closeAfter, int closeCode) {
    this(stallNanos, stallEveryNanos, closeAfter, closeCode, false);
  }

  /** An echo that answers each socket's messages after its first in swapped pairs. */
  static WsTestServer swapping() {
    return new WsTestServer(0, 0, 0, 0, true);
  }

  private WsTestServer(
      long stallNanos, long stallEveryNanos, int closeAfter, int closeCode, boolean swap) {
    this.swap = swap;
    server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(new HttpServerCodec())
                        .addLast(new HttpObjectAggregator(65_536))
                        .addLast(new WebSocketServerProtocolHandler("/", null, false, 65_536))
                        .addLast(new Echo(stallNanos, stallEveryNanos, closeAfter, closeCode));
                  }
                })
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .syncUninterruptibly()
            .channel();
  }

  String url() {
    return "ws://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort() + "/";
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private final class Echo extends SimpleChannelInboundHandler<TextWebSocketFrame> {
    private final long stallNanos;
    private final long stallEveryNanos;
    private final int closeAfter;
    private final int closeCode;
    private int count;
    private TextWebSocketFrame held;

    Echo(long stallNanos, long stallEveryNanos, int closeAfter, int closeCode) {
      this.stallNanos = stallNanos;
      this.stallEveryNanos = stallEveryNanos;
      this.closeAfter = closeAfter;
      this.closeCode = closeCode;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
      received.incrementAndGet();
      count++;
      if (closeAfter > 0 && count == closeAfter) {
        closed.incrementAndGet();
        ctx.writeAndFlush(new CloseWebSocketFrame(closeCode, "bye"));
        return;
      }
      TextWebSocketFrame reply = frame.retainedDuplicate();
      if (swap && count > 1) {
        if (held == null) {
          held = reply;
          return;
        }
        ctx.write(reply);
        ctx.writeAndFlush(held);
        held = null;
        return;
      }
      long into = stallEveryNanos == 0 ? stallNanos : (System.nanoTime() - start) % stallEveryNanos;
      if (stallNanos > 0 && into < stallNanos) {
        ctx.executor()
            .schedule(() -> ctx.writeAndFlush(reply), stallNanos - into, TimeUnit.NANOSECONDS);
      } else {
        ctx.writeAndFlush(reply);
      }
    }
  }
}
