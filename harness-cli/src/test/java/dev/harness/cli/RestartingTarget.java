package dev.harness.cli;

import dev.harness.engine.target.TargetConfig;
import dev.harness.engine.target.TargetServer;
import java.util.concurrent.TimeUnit;

/**
 * The embedded target of a run that sees it go down and come back: started with the defaults on a
 * free port, stopped once it has served some of the run's requests and started again on the same
 * port a while later. Closing it stops whichever server is up.
 */
final class RestartingTarget implements AutoCloseable {
  private final int port;
  private TargetServer server;

  RestartingTarget() {
    server = TargetServer.start(TargetConfig.defaults());
    port = server.port();
  }

  /** The port it listens on, before and after the restart. */
  int port() {
    return port;
  }

  /**
   * Waits until the target has served {@code served} requests (at most 30 s, so a run that never
   * reaches it still ends the test), stops it, and starts it again on the same port {@code
   * downMillis} later.
   */
  void restartAfter(long served, long downMillis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (server.requestsServed() < served && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    server.close();
    Thread.sleep(downMillis);
    server = TargetServer.start(TargetConfig.builder().port(port).build());
  }

  @Override
  public void close() {
    server.close();
  }
}
