package dev.harness.engine.run;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A raw loopback server for tests that need answers no real server gives: every accepted socket is
 * handed to {@code behaviour} on a daemon thread of its own, and closed after it.
 */
final class RawServer implements AutoCloseable {
  /** What the server does with one connection. */
  interface Behaviour {
    void serve(InputStream in, Socket s) throws IOException, InterruptedException;
  }

  private final ServerSocket socket;

  RawServer(Behaviour behaviour) throws IOException {
    this(new ServerSocket(0, 200, InetAddress.getLoopbackAddress()), behaviour);
  }

  /** Serves on {@code bound}, a socket the test has already set up and bound. */
  RawServer(ServerSocket bound, Behaviour behaviour) {
    socket = bound;
    Thread acceptor =
        new Thread(
            () -> {
              while (!socket.isClosed()) {
                try {
                  Socket s = socket.accept();
                  Thread t = new Thread(() -> serve(s, behaviour));
                  t.setDaemon(true);
                  t.start();
                } catch (IOException e) {
                  return;
                }
              }
            });
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private static void serve(Socket s, Behaviour behaviour) {
    try (s) {
      behaviour.serve(s.getInputStream(), s);
    } catch (IOException e) {
      // the client went away
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  String url() {
    return "http://127.0.0.1:" + socket.getLocalPort() + "/";
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /** Reads one request head (up to the blank line); false at end of stream. */
  static boolean readRequest(InputStream in) throws IOException {
    int state = 0;
    int c;
    while ((c = in.read()) != -1) {
      state = c == '\r' || c == '\n' ? state + 1 : 0;
      if (state == 4) {
        return true;
      }
    }
    return false;
  }
}
