package dev.harness.engine.run;

import dev.harness.engine.model.Phase;
import dev.harness.engine.model.ProbeSpec;
import dev.harness.engine.result.ProbeResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

/**
 * Polls the target's health URL at a fixed interval during a run, on its own thread and its own
 * keep-alive connection, apart from the workers: a probe that queued behind the load would measure
 * the generator's connections, not the target's health.
 *
 * <p>Thread contract: {@link #start} and {@link #stop} are called by the run's thread; the polls
 * run on the probe's own daemon thread; {@link #result} is read after {@link #stop} returned.
 */
final class HealthProbe {
  private final ProbeSpec spec;
  private final List<Phase> phases;
  private final long runLength;
  private final RunListener listener;
  private final List<ProbeResult.Poll> polls = new ArrayList<>();
  private final ExecutorService io;
  private final HttpClient client;
  private final HttpRequest request;
  private Thread thread;
  private volatile boolean stopped;

  HealthProbe(ProbeSpec spec, List<Phase> phases, RunListener listener) {
    this.spec = spec;
    this.phases = phases;
    this.runLength = phases.stream().mapToLong(Phase::durationNanos).sum();
    this.listener = listener;
    this.io =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "harness-probe-io");
              t.setDaemon(true);
              return t;
            });
    Duration timeout = Duration.ofNanos(spec.timeoutNanos());
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(io)
            .build();
    this.request =
        HttpRequest.newBuilder(URI.create(spec.url().url()))
            .timeout(timeout)
            .header("User-Agent", "harness-probe")
            .GET()
            .build();
  }

  /** Polls from {@code runStart} (System.nanoTime) until the run's end or {@link #stop}. */
  void start(long runStart) {
    thread =
        new Thread(
            () -> {
              for (long k = 0; !stopped; k++) {
                long at = k * spec.intervalNanos();
                if (at >= runLength) {
                  return;
                }
                long wait = runStart + at - System.nanoTime();
                if (wait > 0) {
                  LockSupport.parkNanos(wait);
                }
                if (stopped) {
                  return;
                }
                ProbeResult.Poll p = poll(Math.max(0, System.nanoTime() - runStart));
                synchronized (polls) {
                  polls.add(p);
                }
                listener.onProbe(p);
              }
            },
            "harness-probe");
    thread.setDaemon(true);
    thread.start();
  }

  /** Stops polling; waits for a poll in progress (at most its timeout). */
  void stop() throws InterruptedException {
    stopped = true;
    if (thread != null) {
      LockSupport.unpark(thread);
      thread.join(spec.timeoutNanos() / 1_000_000 + 1_000);
    }
    io.shutdownNow();
  }

  ProbeResult result() {
    synchronized (polls) {
      return new ProbeResult(spec.url().url(), spec.intervalNanos(), polls);
    }
  }

  private ProbeResult.Poll poll(long at) {
    boolean measured = measuredAt(at);
    long sent = System.nanoTime();
    try {
      HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      long latency = System.nanoTime() - sent;
      int status = r.statusCode();
      String error = null;
      if (!spec.healthyStatus(status)) {
        error = "status " + status;
      } else if (spec.contains() != null
          && !new String(r.body(), StandardCharsets.UTF_8).contains(spec.contains())) {
        error = "body lacks '" + spec.contains() + "'";
      }
      return new ProbeResult.Poll(at, measured, status, latency, error == null, error);
    } catch (HttpConnectTimeoutException e) {
      return failed(at, measured, sent, "connect timeout");
    } catch (HttpTimeoutException e) {
      return failed(at, measured, sent, "timeout");
    } catch (IOException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return failed(at, measured, sent, why.length() > 80 ? why.substring(0, 80) : why);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failed(at, measured, sent, "interrupted");
    }
  }

  private static ProbeResult.Poll failed(long at, boolean measured, long sent, String why) {
    return new ProbeResult.Poll(at, measured, 0, System.nanoTime() - sent, false, why);
  }

  private boolean measuredAt(long offset) {
    long start = 0;
    for (Phase p : phases) {
      if (offset < start + p.durationNanos()) {
        return !p.warmup();
      }
      start += p.durationNanos();
    }
    return false;
  }
}
