package dev.harness.engine.target;

import dev.harness.engine.time.InvalidInputException;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * TLS for the embedded target: its certificate and key (PEM), the protocols it offers by ALPN and,
 * for mutual TLS, the CA a client's certificate must be signed by.
 *
 * @param cert PEM certificate chain served
 * @param key PEM (PKCS#8) private key of {@code cert}
 * @param alpn protocols selectable by ALPN, preferred first ({@code h2}, {@code http/1.1}); empty:
 *     no ALPN
 * @param clientCa when set, a client must present a certificate signed by this CA (PEM)
 */
public record TargetTls(Path cert, Path key, List<String> alpn, Path clientCa) {

  public TargetTls {
    alpn = List.copyOf(alpn);
    for (Path p : clientCa == null ? List.of(cert, key) : List.of(cert, key, clientCa)) {
      if (!Files.isReadable(p)) {
        throw new InvalidInputException("TLS file " + p + " cannot be read");
      }
    }
  }

  /** Serving {@code cert} and {@code key}, no ALPN, no client certificate asked. */
  public static TargetTls of(Path cert, Path key) {
    return new TargetTls(cert, key, List.of(), null);
  }

  /** This set-up offering {@code protocols} by ALPN (for HTTP/2 over TLS). */
  public TargetTls withAlpn(List<String> protocols) {
    return new TargetTls(cert, key, protocols, clientCa);
  }

  /** This set-up requiring a client certificate signed by {@code ca}. */
  public TargetTls requireClientCert(Path ca) {
    return new TargetTls(cert, key, alpn, ca);
  }

  /**
   * The server context, with Netty's default provider (OpenSSL where it loads).
   *
   * @throws InvalidInputException when the files are not a PEM certificate and key
   */
  SslContext context() {
    try {
      SslContextBuilder b = SslContextBuilder.forServer(cert.toFile(), key.toFile());
      if (clientCa != null) {
        b.trustManager(clientCa.toFile()).clientAuth(ClientAuth.REQUIRE);
      }
      if (!alpn.isEmpty()) {
        b.applicationProtocolConfig(
            new ApplicationProtocolConfig(
                ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                alpn));
      }
      return b.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new InvalidInputException(
          "cannot serve TLS with " + cert + " and " + key + ": " + e.getMessage());
    }
  }
}
