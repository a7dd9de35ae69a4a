package dev.harness.cli;

import dev.harness.engine.model.RunSpec;
import dev.harness.engine.model.TlsSpec;
import dev.harness.engine.time.InvalidInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * How {@code https://} targets are spoken to, and how long a connection lives: shared by run and
 * capacity. Flags given replace what a scenario file's {@code tls:} section says, one by one.
 */
final class TlsOptions {
  @Option(
      names = "--ca",
      paramLabel = "FILE",
      description =
          "Trust the certificate authorities in this PEM file instead of the JDK's; repeatable.")
  List<Path> ca = new ArrayList<>();

  @Option(
      names = {"-k", "--insecure"},
      description = "Skip certificate and host name checks (said in the summary and result.json).")
  boolean insecure;

  @Option(
      names = "--client-cert",
      paramLabel = "FILE",
      description = "PEM certificate chain for mutual TLS (with --client-key).")
  Path clientCert;

  @Option(
      names = "--client-key",
      paramLabel = "FILE",
      description = "PEM (PKCS#8) private key of --client-cert.")
  Path clientKey;

  @Option(
      names = "--tls-versions",
      paramLabel = "LIST",
      description = "TLS versions allowed, e.g. TLSv1.2,TLSv1.3 (default: the provider's).")
  String versions;

  @Option(
      names = "--tls-provider",
      paramLabel = "auto|openssl|jdk",
      description = "TLS implementation; auto: OpenSSL where it loads, else the JDK's (default).")
  String provider;

  @Option(
      names = "--max-requests-per-connection",
      paramLabel = "N",
      description =
          "Close a connection after N answers and open a new one (loads the TLS handshake);"
              + " 0: no limit (default).")
  Integer maxRequestsPerConnection;

  /** {@code run} with the flags given replacing its TLS settings and connection limit. */
  RunSpec applyTo(RunSpec run, ParseResult given) {
    TlsSpec file = run.tls();
    boolean clientPair = has(given, "--client-cert") || has(given, "--client-key");
    TlsSpec tls =
        new TlsSpec(
            has(given, "--ca") ? ca : file.ca(),
            has(given, "--insecure") ? insecure : file.insecure(),
            clientPair ? clientCert : file.clientCert(),
            clientPair ? clientKey : file.clientKey(),
            has(given, "--tls-versions") ? TlsSpec.parseVersions(versions) : file.versions(),
            has(given, "--tls-provider") ? TlsSpec.Provider.parse(provider) : file.provider(),
            file.alpn());
    RunSpec.Builder b = run.toBuilder().tls(tls);
    if (maxRequestsPerConnection != null) {
      if (maxRequestsPerConnection < 0) {
        throw new InvalidInputException(
            "--max-requests-per-connection must be 0 (no limit) or more, got "
                + maxRequestsPerConnection);
      }
      b.maxRequestsPerConnection(maxRequestsPerConnection);
    }
    return b.build();
  }

  private static boolean has(ParseResult given, String option) {
    return given != null && given.hasMatchedOption(option);
  }
}
