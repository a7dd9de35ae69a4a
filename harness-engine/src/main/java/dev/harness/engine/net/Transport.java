package dev.harness.engine.net;

import dev.harness.engine.time.InvalidInputException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
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
import java.util.TimeZone;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * The I/O transport: native epoll on Linux, NIO elsewhere. Epoll matters for precision as well as
 * cost: its timers (timerfd) wake within ~0.1 ms at little CPU, while Netty's NIO handler spins for
 * sub-millisecond delays. Set {@code -Dharness.transport=nio} to force NIO.
 */
public final class Transport {
  private static final boolean EPOLL =
      !"nio".equalsIgnoreCase(System.getProperty("harness.transport")) && Epoll.isAvailable();

  static {
    loadLogFormat();
  }

  private Transport() {}

  /**
   * Formats one log record now. The first warning an event loop logs formats a time, and that loads
   * the time zone data from a file; when the process is out of file descriptors (the moment such a
   * warning is most likely) that load fails with an Error, which kills the event loop that logged
   * it. Loaded now, while a file can still be opened, the data is there when it is needed.
   */
  private static void loadLogFormat() {
    new SimpleFormatter().format(new LogRecord(Level.INFO, "start"));
    TimeZone.getDefault();
  }

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

  /**
   * Binds a server and waits until it listens. On failure the group is shut down and the error is
   * one line: an {@link InvalidInputException} {@code "<what>cannot listen on <where>: <why>"} for
   * a bind failure (port in use, unknown host).
   *
   * @param what prefix naming the server in the message, e.g. {@code "control API: "}, or empty
   * @param where the address as the user wrote it, for the message
   */
  public static Channel listen(
      ServerBootstrap bootstrap,
      EventLoopGroup group,
      String host,
      int port,
      String what,
      String where) {
    try {
      return bootstrap.bind(host, port).sync().channel();
    } catch (InterruptedException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting to listen on " + where, e);
    } catch (Exception e) {
      // sync() rethrows the bind failure itself, checked or not.
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
      throw new InvalidInputException(what + "cannot listen on " + where + ": " + why);
    }
  }
}
