package dev.harness.cli;

import dev.harness.engine.metrics.LiveMetrics;
import dev.harness.engine.run.RunListener;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.ipc.http.HttpUrlConnectionSender;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.registry.otlp.OtlpConfig;
import io.micrometer.registry.otlp.OtlpHttpMetricsSender;
import io.micrometer.registry.otlp.OtlpMeterRegistry;
import io.micrometer.registry.otlp.OtlpMetricsSender;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where a run's live meters go: the {@code --metrics-port} endpoint, an {@code --metrics-otlp}
 * collector, or both, fed by one {@link LiveMetrics}.
 *
 * <p>The endpoint stays up for {@code --metrics-linger} after the run, so a Prometheus that scrapes
 * every few seconds still sees the final counts; the OTLP registry pushes every {@code
 * --metrics-otlp-interval} and once more when the run ends.
 *
 * <p>Used by the thread that runs the command; the registries publish from their own threads.
 */
final class LiveEndpoints implements AutoCloseable {
  private final CompositeMeterRegistry registry = new CompositeMeterRegistry();
  private final LiveMetrics live;
  private final PrometheusMeterRegistry prometheus;
  private final MetricsServer server;
  private final OtlpMeterRegistry otlp;
  private final long lingerNanos;
  private final PrintWriter err;
  private boolean ended;

  private LiveEndpoints(WatchOptions watch, PrintWriter err) {
    this.err = err;
    this.lingerNanos = watch.lingerNanos();
    if (watch.metricsPort != null) {
      prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      server = MetricsServer.start(watch.metricsPort, prometheus);
      registry.add(prometheus);
    } else {
      prometheus = null;
      server = null;
    }
    if (watch.metricsOtlp != null) {
      PUSH_LOG.setLevel(Level.WARNING); // not Micrometer's "publishing every 10s" line
      otlp =
          OtlpMeterRegistry.builder(otlpConfig(watch))
              .clock(Clock.SYSTEM)
              .threadFactory(MetricsServer::daemon)
              .metricsSender(new Sender(watch.metricsOtlp, err))
              .build();
      registry.add(otlp);
    } else {
      otlp = null;
    }
    live = new LiveMetrics(registry);
  }

  /** Micrometer's push registries log through java.util.logging; held so the level sticks. */
  private static final Logger PUSH_LOG = Logger.getLogger("io.micrometer.core.instrument.push");

  /**
   * Sends each push over HTTP and says in one line on stderr when a push failed, once per distinct
   * reason, instead of the stack trace Micrometer would log every interval; a collector that is
   * down never stops the run. Called on the registry's push thread and, at the end, the command's.
   */
  private static final class Sender implements OtlpMetricsSender {
    private final OtlpMetricsSender http = new OtlpHttpMetricsSender(new HttpUrlConnectionSender());
    private final Set<String> said = ConcurrentHashMap.newKeySet();
    private final String url;
    private final PrintWriter err;

    Sender(String url, PrintWriter err) {
      this.url = url;
      this.err = err;
    }

    @Override
    public void send(Request request) {
      try {
        http.send(request);
      } catch (Exception e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String why =
            cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (said.add(why)) {
          err.println("harness: cannot push metrics to " + url + ": " + why);
          err.flush();
        }
      }
    }
  }

  /** The endpoints {@code watch} asks for, started; null when it asks for none. */
  static LiveEndpoints start(WatchOptions watch, PrintWriter err) {
    if (watch.metricsPort == null && watch.metricsOtlp == null) {
      return null;
    }
    LiveEndpoints e = new LiveEndpoints(watch, err);
    if (e.server != null) {
      err.println("harness: live metrics at http://127.0.0.1:" + e.server.port() + "/metrics");
    }
    if (e.otlp != null) {
      err.println("harness: pushing metrics to " + watch.metricsOtlp);
    }
    err.flush();
    return e;
  }

  private static OtlpConfig otlpConfig(WatchOptions watch) {
    String url = watch.metricsOtlp;
    Duration step = Duration.ofNanos(watch.otlpIntervalNanos());
    return new OtlpConfig() {
      @Override
      public String get(String key) {
        return null;
      }

      @Override
      public String url() {
        return url;
      }

      @Override
      public Duration step() {
        return step;
      }

      @Override
      public TimeUnit baseTimeUnit() {
        return TimeUnit.SECONDS;
      }

      @Override
      public Map<String, String> resourceAttributes() {
        return Map.of("service.name", "harness");
      }
    };
  }

  /** Hears the run's intervals, generator seconds and probe polls. */
  RunListener listener() {
    return live;
  }

  /**
   * The run has ended and its last interval has been counted: marks the figures final and pushes
   * them to the OTLP collector.
   */
  void runEnded() {
    ended = true;
    live.finished();
    if (otlp != null) {
      otlp.close(); // publishes once more on close
    }
  }

  private static String seconds(long nanos) {
    return nanos % 1_000_000_000L == 0
        ? nanos / 1_000_000_000L + "s"
        : TimeUnit.NANOSECONDS.toMillis(nanos) + "ms";
  }

  /** Keeps the endpoint up for the linger time after a run that ended, then closes it. */
  @Override
  public void close() {
    try {
      if (ended && server != null && lingerNanos > 0) {
        err.println(
            "harness: live metrics stay at http://127.0.0.1:"
                + server.port()
                + "/metrics for "
                + seconds(lingerNanos)
                + " (--metrics-linger)");
        err.flush();
        TimeUnit.NANOSECONDS.sleep(lingerNanos);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (otlp != null) {
        otlp.close();
      }
      if (server != null) {
        server.close();
        prometheus.close();
      }
    }
  }
}
