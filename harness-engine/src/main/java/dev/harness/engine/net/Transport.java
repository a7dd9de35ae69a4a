package dev.harness.engine.net;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.ThreadFactory;

/**
 * The I/O transport: native epoll on Linux, NIO elsewhere. Epoll matters for precision as well as
 * cost: its timers (timerfd) wake within ~0.1 ms at little CPU, while Netty's NIO handler spins for
 * sub-millisecond delays. Set {@code -Dharness.transport=nio} to force NIO.
 */
public final class Transport {
  private static final boolean EPOLL =
      !"nio".equalsIgnoreCase(System.getProperty("harness.transport")) && Epoll.isAvailable();

  private Transport() {}

  /** Whether the native epoll transport is in use. */
  public static boolean isEpoll() {
    return EPOLL;
  }

  /** Name shown in reports. */
  public static String name() {
    return EPOLL ? "epoll" : "nio";
  }

  public static IoHandlerFactory ioHandlerFactory() {
    return EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
  }

  public static MultiThreadIoEventLoopGroup newGroup(int threads, ThreadFactory threadFactory) {
    return new MultiThreadIoEventLoopGroup(threads, threadFactory, ioHandlerFactory());
  }

  public static Class<? extends SocketChannel> socketChannel() {
    return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  public static Class<? extends ServerSocketChannel> serverSocketChannel() {
    return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }
}
