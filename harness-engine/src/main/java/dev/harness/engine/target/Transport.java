package dev.harness.engine.target;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * The server socket transport: native epoll where it loads, NIO elsewhere. Immutable.
 *
 * <p>The epoll classes are looked up by name because {@code netty-transport-native-epoll} is a
 * runtime-scoped dependency of this module: it is on the classpath when the server runs, but not
 * when this class is compiled. With {@code netty-transport-classes-epoll} at compile scope this
 * could call {@code Epoll.isAvailable()} directly.
 */
record Transport(
    String name,
    IoHandlerFactory ioHandlerFactory,
    Class<? extends ServerChannel> serverChannelType) {

  static Transport nio() {
    return new Transport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class);
  }

  /** Epoll if its classes are present and its native library loads on this machine, else NIO. */
  static Transport best() {
    try {
      ClassLoader loader = Transport.class.getClassLoader();
      Class<?> epoll = Class.forName("io.netty.channel.epoll.Epoll", true, loader);
      if (!(Boolean) epoll.getMethod("isAvailable").invoke(null)) {
        return nio();
      }
      IoHandlerFactory factory =
          (IoHandlerFactory)
              Class.forName("io.netty.channel.epoll.EpollIoHandler", true, loader)
                  .getMethod("newFactory")
                  .invoke(null);
      Class<? extends ServerChannel> channel =
          Class.forName("io.netty.channel.epoll.EpollServerSocketChannel", true, loader)
              .asSubclass(ServerChannel.class);
      return new Transport("epoll", factory, channel);
    } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
      return nio();
    }
  }
}
