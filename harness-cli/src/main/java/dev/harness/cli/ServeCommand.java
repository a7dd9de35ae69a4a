package dev.harness.cli;

import dev.harness.engine.target.Delay;
import dev.harness.engine.target.ProcessMeters;
import dev.harness.engine.target.TargetConfig;
import dev.harness.engine.target.TargetServer;
import dev.harness.engine.target.TargetTls;
import dev.harness.engine.time.InvalidInputException;
import dev.harness.engine.tls.SelfSignedCert;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code harness serve}: the embedded HTTP/1.1 target, for demos, tests and trying flags out. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the embedded HTTP/1.1 target (keep-alive) until Ctrl-C.",
      "Routes: / (ok, with --delay and --error-rate), /health, /status/CODE, /echo,"
          + " /delay/TIME, /limited (429 with Retry-After beyond --rate-limit), /leak?kib=N"
          + " (keeps N KiB per request, default 64, never freed, at most 256 MiB in all: memory"
          + " that grows on purpose).",
      "Login flow: GET /api/auth/csrf-token, POST /api/auth/token (X-CSRF-Token header,"
          + " {\"username\",\"password\"} body; password 'wrong' fails), then GET /api/me,"
          + " /api/items, /api/items/ID with Authorization: Bearer JWT (see docs/target.md).",
      "Its own metrics in Prometheus text format: GET /metrics on the same port"
          + " (process_resident_memory_bytes, process_cpu_seconds_total, jvm_heap_used_bytes, ...)."
    },
    footer = {
      "",
      "Examples:",
      "  harness serve --port 8080",
      "  harness serve --port 8080 --delay exp:2ms --error-rate 0.01",
      "  # a stall, as a GC pause:",
      "  harness serve --port 8080 --freeze 500ms --freeze-every 5s",
      "  # /health answers 503 from 5 s to 8 s:",
      "  harness serve --port 8080 --health-down-from 5s --health-down-for 3s",
      "  # /limited answers 429 beyond 100/s:",
      "  harness serve --port 8080 --rate-limit 100/s",
      "  # prints the certificate to pass to run --ca:",
      "  harness serve --port 8443 --tls"
    })
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--host",
      paramLabel = "ADDR",
      defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = {"-p", "--port"},
      paramLabel = "PORT",
      defaultValue = "8080",
      description = "Port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--threads",
      paramLabel = "N",
      defaultValue = "1",
      description = "Event loops (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--delay",
      paramLabel = "DIST",
      defaultValue = "none",
      description =
          "Delay of / and of authenticated /api calls: none, 2ms, uniform:1ms-5ms or exp:2ms"
              + " (default: ${DEFAULT-VALUE}).")
  String delay;

  @Option(
      names = "--error-rate",
      paramLabel = "SHARE",
      defaultValue = "0",
      description = "Share of / answered 500, 0 to 1 (default: ${DEFAULT-VALUE}).")
  double errorRate;

  @Option(
      names = "--freeze",
      paramLabel = "TIME",
      converter = DurationConverter.class,
      description = "Hold every answer for TIME once per --freeze-every.")
  long freezeNanos;

  @Option(
      names = "--freeze-every",
      paramLabel = "TIME",
      converter = DurationConverter.class,
      description = "Period of the freezes.")
  long freezeEveryNanos;

  @Option(
      names = "--max-concurrency",
      paramLabel = "N",
      defaultValue = "0",
      description = "At most N requests in progress at once, the rest queue; 0 = unlimited.")
  int maxConcurrency;

  @Option(
      names = "--health-down-from",
      paramLabel = "TIME",
      defaultValue = "0s",
      converter = DurationConverter.class,
      description = "With --health-down-for: when /health starts answering 503, after start.")
  long healthDownFromNanos;

  @Option(
      names = "--health-down-for",
      paramLabel = "TIME",
      defaultValue = "0s",
      converter = DurationConverter.class,
      description = "How long /health answers 503 {\"status\":\"DOWN\"} (a known outage window).")
  long healthDownForNanos;

  @Option(
      names = "--http2",
      description =
          "Also serve HTTP/2 on the same port: h2c with prior knowledge (harness run"
              + " --h2c, h2load, curl --http2-prior-knowledge) and h2c upgrades; HTTP/1.1 as"
              + " before.")
  boolean http2;

  @Option(
      names = "--max-concurrent-streams",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "With --http2: SETTINGS_MAX_CONCURRENT_STREAMS sent to clients; 0 = Netty's (100).")
  int maxConcurrentStreams;

  @Option(
      names = "--rate-limit",
      paramLabel = "N/s",
      defaultValue = "100/s",
      description =
          "Requests a second /limited lets through, server-wide; beyond it 429 with Retry-After"
              + " (default: ${DEFAULT-VALUE}).")
  String rateLimit;

  /** {@code 100/s} or {@code 100} as requests a second; a clear error otherwise. */
  static double perSecond(String text) {
    String n = text.trim();
    if (n.endsWith("/s")) {
      n = n.substring(0, n.length() - 2).trim();
    }
    try {
      double v = Double.parseDouble(n);
      if (v > 0 && !Double.isInfinite(v)) {
        return v;
      }
    } catch (NumberFormatException e) {
      // the message below says what is wanted
    }
    throw new InvalidInputException(
        "--rate-limit: expected requests a second such as 100/s, got '" + text + "'");
  }

  @Option(
      names = "--tls",
      description =
          "Serve HTTPS with a self-signed certificate for localhost and 127.0.0.1 made at start;"
              + " its file is printed, to pass to run --ca.")
  boolean tls;

  @Option(
      names = "--tls-cert",
      paramLabel = "FILE",
      description = "Serve HTTPS with this PEM certificate (with --tls-key) instead.")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM key of --tls-cert.")
  Path tlsKey;

  /** The TLS to serve, or null: a certificate made now, or the one given. */
  static TargetTls targetTls(boolean tls, Path cert, Path key, PrintWriter out) {
    if ((cert == null) != (key == null)) {
      throw new InvalidInputException("give both --tls-cert and --tls-key, or neither");
    }
    if (cert != null) {
      return TargetTls.of(cert, key);
    }
    if (!tls) {
      return null;
    }
    try {
      SelfSignedCert made = SelfSignedCert.localhost(Files.createTempDirectory("harness-tls-"));
      out.println("certificate " + made.cert() + " (pass it to harness run --ca)");
      return TargetTls.of(made.cert(), made.key());
    } catch (IOException e) {
      throw new InvalidInputException("cannot write a certificate: " + e.getMessage());
    }
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    TargetConfig config =
        TargetConfig.builder()
            .host(host)
            .port(port)
            .threads(threads)
            .delay(Delay.parse(delay))
            .errorRate(errorRate)
            .freezeNanos(freezeNanos)
            .freezeEveryNanos(freezeEveryNanos)
            .maxConcurrency(maxConcurrency)
            .healthDownFromNanos(healthDownFromNanos)
            .healthDownForNanos(healthDownForNanos)
            .http2(http2)
            .maxConcurrentStreams(maxConcurrentStreams)
            .rateLimit(perSecond(rateLimit))
            .tls(targetTls(tls, tlsCert, tlsKey, out))
            .build();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    MetricsServer.lintClean(registry);
    try (TargetServer server = TargetServer.start(config);
        JvmGcMetrics gc = new JvmGcMetrics();
        Signals signals = Signals.onStop(server::close)) {
      server.meters().bindTo(registry);
      gc.bindTo(registry);
      new JvmMemoryMetrics().bindTo(registry);
      new JvmThreadMetrics().bindTo(registry);
      new ProcessorMetrics().bindTo(registry);
      ProcessMeters.bindTo(registry);
      server.serveMetrics(registry::scrape);
      out.println("serving " + server.describe());
      out.println("metrics at " + server.url() + "/metrics");
      out.println("press Ctrl-C to stop");
      out.flush();
      server.awaitClosed();
    }
    out.println("stopped");
    out.flush();
    return Main.PASS;
  }
}
