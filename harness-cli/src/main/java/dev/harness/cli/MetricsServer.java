package dev.harness.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.harness.engine.time.InvalidInputException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves a Prometheus registry's {@code scrape()} at {@code http://127.0.0.1:PORT/metrics}, on one
 * daemon thread of its own, never on a worker. Loopback only: the figures are for a local
 * Prometheus or a curl, not for the network.
 *
 * <p>Thread-safe: {@link #close} may be called from any thread, more than once.
 */
final class MetricsServer implements AutoCloseable {
  /** The content type of the Prometheus text format the registry writes. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService thread;

  private MetricsServer(HttpServer server, ExecutorService thread) {
    this.server = server;
    this.thread = thread;
  }

  /**
   * Listens on 127.0.0.1:{@code port}.
   *
   * @throws InvalidInputException when the port cannot be bound (in use, not permitted)
   */
  static MetricsServer start(int port, PrometheusMeterRegistry registry) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
    } catch (IOException e) {
      throw new InvalidInputException(
          "--metrics-port "
              + port
              + ": cannot listen on 127.0.0.1:"
              + port
              + ": "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }
    ExecutorService thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "harness-metrics");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(thread);
    server.createContext("/metrics", exchange -> answer(exchange, registry));
    server.start();
    return new MetricsServer(server, thread);
  }

  private static void answer(HttpExchange exchange, PrometheusMeterRegistry registry)
      throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("GET")
          && !exchange.getRequestMethod().equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      boolean head = exchange.getRequestMethod().equals("HEAD");
      exchange.sendResponseHeaders(200, head ? -1 : body.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    thread.shutdownNow();
  }
}
