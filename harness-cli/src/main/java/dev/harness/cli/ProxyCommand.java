package dev.harness.cli;

import dev.harness.engine.model.Fault;
import dev.harness.engine.proxy.ControlServer;
import dev.harness.engine.proxy.FaultProxy;
import dev.harness.engine.proxy.ProxyConfig;
import dev.harness.engine.proxy.ProxyConfig.HostPort;
import dev.harness.engine.time.InvalidInputException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code harness proxy}: the fault proxy in front of a target, driven by its control API. */
@Command(
    name = "proxy",
    mixinStandardHelpOptions = true,
    description = {
      "Proxy --listen to --upstream until Ctrl-C, injecting faults on the way.",
      "Faults are switched on and off through the control API, or given with --fault (on from"
          + " the start): latency 200ms [jitter 20ms], bandwidth 100KB/s, reset, blackhole,"
          + " close-after 1000, status 503 [50%%] (status needs --mode http, the default)."
    },
    footer = {
      "",
      "Control API (JSON): GET /, GET /faults,",
      "POST /faults {\"fault\": \"latency 200ms\", \"for\": \"10s\"},",
      "DELETE /faults/KIND, DELETE /faults. See docs/resilience.md.",
      "",
      "Examples:",
      "  harness proxy --listen 127.0.0.1:8081 --upstream 127.0.0.1:8080",
      "  curl -X POST -d '{\"fault\": \"latency 200ms\"}' http://127.0.0.1:8474/faults",
      "  curl -X DELETE http://127.0.0.1:8474/faults/latency"
    })
final class ProxyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      defaultValue = "127.0.0.1:8081",
      description = "Where clients connect (default: ${DEFAULT-VALUE}).")
  String listen;

  @Option(
      names = "--upstream",
      paramLabel = "HOST:PORT",
      required = true,
      description = "Where traffic goes, e.g. 127.0.0.1:8080.")
  String upstream;

  @Option(
      names = "--control",
      paramLabel = "HOST:PORT",
      defaultValue = "127.0.0.1:8474",
      description = "Control API address, or 'none' (default: ${DEFAULT-VALUE}).")
  String control;

  @Option(
      names = "--mode",
      paramLabel = "MODE",
      defaultValue = "http",
      description =
          "http: parse HTTP/1.1 (needed by the status fault); tcp: relay bytes as they are"
              + " (default: ${DEFAULT-VALUE}).")
  String mode;

  @Option(
      names = "--fault",
      paramLabel = "FAULT",
      description = "A fault on from the start, e.g. 'latency 200ms'; repeatable.")
  List<String> faults = new ArrayList<>();

  @Option(
      names = "--threads",
      paramLabel = "N",
      defaultValue = "1",
      description = "Event loops relaying connections (default: ${DEFAULT-VALUE}).")
  int threads;

  @Override
  public Integer call() throws InterruptedException {
    HostPort in = HostPort.parse(listen, "--listen");
    HostPort out = HostPort.parse(upstream, "--upstream");
    if (out.port() == 0) {
      throw new InvalidInputException("--upstream: port must be 1 to 65535, got 0");
    }
    boolean http =
        switch (mode.toLowerCase(Locale.ROOT)) {
          case "http" -> true;
          case "tcp" -> false;
          default -> throw new InvalidInputException("--mode must be http or tcp, got " + mode);
        };
    List<Fault> initial = new ArrayList<>();
    for (String f : faults) {
      Fault fault = Fault.parse(f);
      if (!http && fault.kind() == Fault.Kind.STATUS) {
        throw new InvalidInputException("fault '" + f + "' needs --mode http");
      }
      initial.add(fault);
    }
    HostPort controlAt =
        control.equalsIgnoreCase("none") ? null : HostPort.parse(control, "--control");
    ProxyConfig config =
        ProxyConfig.builder()
            .upstreamHost(out.host())
            .upstreamPort(out.port())
            .listenHost(in.host())
            .listenPort(in.port())
            .http(http)
            .threads(threads)
            .build();
    PrintWriter pw = spec.commandLine().getOut();
    try (FaultProxy proxy = FaultProxy.start(config);
        ControlServer api =
            controlAt == null
                ? null
                : ControlServer.start(controlAt.host(), controlAt.port(), proxy);
        Signals signals = Signals.onStop(proxy::close)) {
      initial.forEach(proxy.faults()::on);
      pw.println("proxying " + proxy.describe());
      pw.println("control API " + (api == null ? "off" : api.url()));
      for (Fault f : initial) {
        pw.println("fault on: " + f.text());
      }
      pw.println("press Ctrl-C to stop");
      pw.flush();
      proxy.awaitClosed();
    }
    pw.println("stopped");
    pw.flush();
    return Main.PASS;
  }
}
