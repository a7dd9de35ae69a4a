package dev.harness.cli;

import dev.harness.engine.model.Criterion;
import dev.harness.engine.model.LoadModel;
import dev.harness.engine.model.Phase;
import dev.harness.engine.model.Protocol;
import dev.harness.engine.model.RateProfile;
import dev.harness.engine.model.RequestSpec;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.model.Target;
import dev.harness.engine.model.TlsSpec;
import dev.harness.engine.target.TargetConfig;
import dev.harness.engine.target.TargetServer;
import dev.harness.engine.time.InvalidInputException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code harness demo}: a short open-model run against the embedded target, no setup. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Start the embedded target on a free loopback port and run a short load test against it.",
      "An open-model run: 2 s warm-up, then the measured part, judged by p99 < 50ms, errors <"
          + " 0.1%% and rps >= 99%% of the rate."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = {"-R", "--rate"},
      paramLabel = "N",
      defaultValue = "2000",
      description = "Arrivals per second (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = {"-d", "--duration"},
      paramLabel = "TIME",
      defaultValue = "8s",
      converter = DurationConverter.class,
      description = "Measured duration after the 2 s warm-up (default: ${DEFAULT-VALUE}).")
  long durationNanos;

  @Option(
      names = "--h2c",
      description = "Serve and load over HTTP/2 with prior knowledge (h2c) instead of HTTP/1.1.")
  boolean h2c;

  @Option(
      names = "--http2",
      description = "Serve and load over HTTP/2 negotiated by ALPN over TLS (implies --tls).")
  boolean http2;

  @Option(
      names = "--tls",
      description = "Serve and load over HTTPS, trusting the target's self-signed certificate.")
  boolean tls;

  @Mixin OutputOptions output;

  @Override
  public Integer call() throws Exception {
    if (!(rate > 0) || Double.isInfinite(rate)) {
      throw new InvalidInputException("--rate must be a positive number, got " + rate);
    }
    if (h2c && (tls || http2)) {
      throw new InvalidInputException("--h2c is HTTP/2 over cleartext; over TLS use --http2");
    }
    boolean h2 = h2c || http2;
    boolean https = tls || http2;
    TargetConfig config =
        TargetConfig.builder()
            .http2(h2)
            .tls(ServeCommand.targetTls(https, null, null, spec.commandLine().getErr()))
            .build();
    try (TargetServer server = TargetServer.start(config)) {
      spec.commandLine().getErr().println("harness: embedded target at " + server.describe());
      Target target = Target.parse(server.url() + "/");
      RateProfile profile = new RateProfile.Constant(rate);
      RunSpec run =
          RunSpec.builder()
              .target(target)
              .request(RequestSpec.of("get /", "GET", "/", List.of(), null))
              .phases(
                  List.of(
                      new Phase("warmup", 2_000_000_000L, profile, true),
                      new Phase("main", durationNanos, profile, false)))
              .model(LoadModel.OPEN)
              .workers(1)
              .connections(h2 ? 2 : 16)
              .protocol(http2 ? Protocol.H2 : h2c ? Protocol.H2C : Protocol.HTTP1)
              .timeoutNanos(5_000_000_000L)
              .tls(
                  config.tls() == null
                      ? TlsSpec.DEFAULT
                      : new TlsSpec(
                          List.of(config.tls().cert()),
                          false,
                          null,
                          null,
                          List.of(),
                          TlsSpec.Provider.AUTO,
                          List.of()))
              .criteria(
                  List.of(
                      Criterion.parse("p99 < 50ms"),
                      Criterion.parse("errors < 0.1%"),
                      Criterion.parse("rps >= " + Math.floor(rate * 0.99))))
              .build();
      return RunExecutor.execute(run, output, spec, null);
    }
  }
}
