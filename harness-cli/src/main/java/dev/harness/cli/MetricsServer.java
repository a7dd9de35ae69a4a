package dev.harness.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.harness.engine.time.InvalidInputException;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
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
    ExecutorService thread = Executors.newSingleThreadExecutor(MetricsServer::daemon);
    server.setExecutor(thread);
    server.createContext("/metrics", exchange -> answer(exchange, registry));
    server.start();
    return new MetricsServer(server, thread);
  }

  /** A daemon thread for the endpoint or a metrics push: never what keeps the JVM alive. */
  static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "harness-metrics");
    t.setDaemon(true);
    return t;
  }

  /**
   * Makes Micrometer's processor binder lint clean for {@code promtool check metrics}: its CPU
   * count gauge ends in {@code _count} (which Prometheus keeps for histograms and summaries) and
   * becomes {@code system_cpus}; its process CPU time is in nanoseconds, not a base unit, and is
   * left out ({@code process_cpu_usage} says the same per second).
   */
  static void lintClean(MeterRegistry registry) {
    registry
        .config()
        .meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")))
        .meterFilter(
            new MeterFilter() {
              @Override
              public Meter.Id map(Meter.Id id) {
                return id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
              }
            });
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
