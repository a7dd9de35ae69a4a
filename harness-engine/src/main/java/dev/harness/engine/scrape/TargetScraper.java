package dev.harness.engine.scrape;

import dev.harness.engine.model.TargetMetricsSpec;
import dev.harness.engine.result.TargetMetrics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Scrapes the target's Prometheus metrics during a run: one GET every interval from time zero, and
 * one more when the run ends, on a JDK {@link HttpClient} of its own (never a load connection,
 * never counted as load), each bounded by the spec's timeout. A scrape that fails (no answer in
 * time, a status other than 200, text that does not parse) is counted with its reason and never
 * fails the run by itself.
 *
 * <pre>{@code
 * TargetScraper scraper = TargetScraper.of(spec.targetMetrics()); // a no-op for null
 * scraper.start(startNanos);
 * ...
 * scraper.stop();
 * TargetMetrics timeline = scraper.result(); // null for the no-op
 * }</pre>
 *
 * <p>Thread contract: {@link #start} and {@link #stop} are called from the run's thread; scrapes
 * run on the scraper's own thread; {@link #result} may be called from any thread at any time (a
 * checkpoint reads the timeline so far).
 */
public final class TargetScraper {
  private static final TargetScraper NONE = new TargetScraper(null);

  private final TargetMetricsSpec spec;
  private final List<TargetMetrics.Scrape> scrapes = new ArrayList<>();
  private long failures;
  private String lastError;
  private long lastScrapeAt = Long.MIN_VALUE;
  private ScheduledExecutorService scheduler;
  private HttpClient client;
  private HttpRequest request;
  private long start;

  private TargetScraper(TargetMetricsSpec spec) {
    this.spec = spec;
  }

  /**
   * A scraper for {@code spec}, or one that does nothing when it is null. Its client sends one GET
   * at once, not recorded, so that the first scrape of the run (at time zero) finds the client's
   * classes loaded and its connection open: a cold JVM's first request can take a second.
   */
  public static TargetScraper of(TargetMetricsSpec spec) {
    if (spec == null) {
      return NONE;
    }
    TargetScraper s = new TargetScraper(spec);
    s.open();
    s.client.sendAsync(s.request, HttpResponse.BodyHandlers.discarding());
    return s;
  }

  private synchronized void open() {
    Duration timeout = Duration.ofNanos(spec.timeoutNanos());
    client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    request =
        HttpRequest.newBuilder(URI.create(spec.url().url()))
            .timeout(timeout)
            .header("Accept", "text/plain; version=0.0.4")
            .GET()
            .build();
  }

  /** Starts scraping now and every interval after; {@code startNanos} is the run's time zero. */
  public synchronized void start(long startNanos) {
    if (spec == null || scheduler != null) {
      return;
    }
    start = startNanos;
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "harness-target-metrics");
              t.setDaemon(true);
              return t;
            });
    scheduler.scheduleAtFixedRate(this::scrape, 0, spec.intervalNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Stops scraping, after one last scrape when the last one is more than half an interval old (so
   * the timeline reaches the end of the run); waits at most the timeout for it. Safe to call more
   * than once.
   */
  public void stop() {
    ScheduledExecutorService s;
    synchronized (this) {
      s = scheduler;
      if (s == null || s.isShutdown()) {
        return;
      }
      s.shutdown();
    }
    try {
      long wait = spec.timeoutNanos() + 500_000_000L;
      if (s.awaitTermination(wait, TimeUnit.NANOSECONDS)
          && System.nanoTime() - lastScrapeAt() > spec.intervalNanos() / 2) {
        scrape();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The timeline so far; null when nothing is scraped. */
  public synchronized TargetMetrics result() {
    if (spec == null) {
      return null;
    }
    return new TargetMetrics(
        spec.url().url(), spec.intervalNanos(), spec.series(), scrapes, failures, lastError);
  }

  private synchronized long lastScrapeAt() {
    return lastScrapeAt;
  }

  /** One scrape; every failure is counted, none escapes (it would end the schedule). */
  private void scrape() {
    String error;
    try {
      HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
      long at = System.nanoTime();
      if (r.statusCode() != 200) {
        error = "status " + r.statusCode();
      } else {
        List<TextFormat.Sample> samples = TextFormat.parse(r.body());
        double[] values = new double[spec.series().size()];
        for (int k = 0; k < values.length; k++) {
          values[k] = TextFormat.value(samples, spec.series().get(k));
        }
        synchronized (this) {
          scrapes.add(new TargetMetrics.Scrape(at - start, values));
          lastScrapeAt = at;
        }
        return;
      }
    } catch (HttpTimeoutException e) {
      error = "no answer within " + spec.timeoutNanos() / 1_000_000 + " ms";
    } catch (IOException e) {
      error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    } catch (TextFormat.ParseException e) {
      error = "not Prometheus text format: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (RuntimeException e) {
      error = e.toString();
    }
    synchronized (this) {
      failures++;
      lastError = error;
      lastScrapeAt = System.nanoTime();
    }
  }
}
