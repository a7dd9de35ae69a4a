package dev.harness.engine.tls;

import dev.harness.engine.model.TlsSpec;
import dev.harness.engine.time.InvalidInputException;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A client {@link SslContext} made once per run from a {@link TlsSpec}, and the handlers made from
 * it, one per connection. Certificates and host names are verified unless the spec is insecure; the
 * context's session cache lets a new connection to the same host and port resume a session.
 *
 * <p>Thread-safe: the context is shared by every worker.
 */
public final class ClientTls {
  private final SslContext context;
  private final TlsSpec spec;
  private final String provider;
  private final CountingTrustManager trust;

  private ClientTls(SslContext context, TlsSpec spec, String provider, CountingTrustManager trust) {
    this.context = context;
    this.spec = spec;
    this.provider = provider;
    this.trust = trust;
  }

  /**
   * The context for {@code spec}.
   *
   * @throws InvalidInputException when a file is not a PEM certificate or key, a version is not
   *     supported, or OpenSSL was asked for and does not load here
   */
  public static ClientTls of(TlsSpec spec) {
    SslProvider provider = provider(spec.provider());
    SslContextBuilder b = SslContextBuilder.forClient().sslProvider(provider);
    CountingTrustManager trust;
    if (spec.insecure()) {
      trust = new CountingTrustManager(null);
      b.endpointIdentificationAlgorithm(null);
    } else {
      trust = new CountingTrustManager(verifier(spec.ca()));
      // Netty 4.2 checks the host name by default; said here so it cannot silently go away.
      b.endpointIdentificationAlgorithm("HTTPS");
    }
    b.trustManager(trust);
    if (spec.clientCert() != null) {
      b.keyManager(spec.clientCert().toFile(), spec.clientKey().toFile());
    }
    if (!spec.versions().isEmpty()) {
      b.protocols(spec.versions());
    }
    if (!spec.alpn().isEmpty()) {
      b.applicationProtocolConfig(
          new ApplicationProtocolConfig(
              ApplicationProtocolConfig.Protocol.ALPN,
              ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
              ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
              spec.alpn()));
    }
    try {
      return new ClientTls(b.build(), spec, provider == SslProvider.JDK ? "jdk" : "openssl", trust);
    } catch (SSLException | IllegalArgumentException e) {
      throw new InvalidInputException("cannot set up TLS: " + TlsFailure.message(e));
    }
  }

  /** The implementation {@code wanted} resolves to here. */
  static SslProvider provider(TlsSpec.Provider wanted) {
    return switch (wanted) {
      case JDK -> SslProvider.JDK;
      case OPENSSL -> {
        if (!OpenSsl.isAvailable()) {
          throw new InvalidInputException(
              "--tls-provider openssl: OpenSSL does not load here ("
                  + TlsFailure.message(OpenSsl.unavailabilityCause())
                  + "); use auto or jdk");
        }
        yield SslProvider.OPENSSL;
      }
      case AUTO -> OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    };
  }

  /**
   * A handler for one connection to {@code host:port}: the host is the SNI name and the name the
   * certificate must carry; host and port key the session cache, so sessions resume.
   */
  public SslHandler newHandler(ByteBufAllocator alloc, String host, int port, long timeoutMillis) {
    SslHandler h = context.newHandler(alloc, host, port);
    h.setHandshakeTimeoutMillis(timeoutMillis);
    return h;
  }

  /** The context itself, for a pipeline that adds its own handlers around it (HTTP/2's ALPN). */
  public SslContext context() {
    return context;
  }

  /** {@code openssl} or {@code jdk}: the implementation that runs. */
  public String provider() {
    return provider;
  }

  /**
   * Handshakes that checked the server's certificate so far: full ones. Resumed handshakes check
   * none, so handshakes minus this is the number resumed.
   */
  public long fullHandshakes() {
    return trust.accepted();
  }

  /** Whether verification is off ({@code --insecure}). */
  public boolean insecure() {
    return spec.insecure();
  }

  /** The JDK's trust manager over {@code ca}, or over its own trust store when none is given. */
  private static X509ExtendedTrustManager verifier(List<Path> ca) {
    try {
      KeyStore store = null;
      if (!ca.isEmpty()) {
        store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (X509Certificate c : certificates(ca)) {
          store.setCertificateEntry("ca-" + i++, c);
        }
      }
      TrustManagerFactory f =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      f.init(store);
      for (TrustManager tm : f.getTrustManagers()) {
        if (tm instanceof X509ExtendedTrustManager x) {
          return x;
        }
      }
      throw new IllegalStateException("the JDK has no X509ExtendedTrustManager");
    } catch (GeneralSecurityException | IOException e) {
      throw new InvalidInputException("cannot set up trust: " + TlsFailure.message(e));
    }
  }

  private static List<X509Certificate> certificates(List<Path> files) {
    List<X509Certificate> all = new ArrayList<>();
    try {
      CertificateFactory f = CertificateFactory.getInstance("X.509");
      for (Path p : files) {
        try (InputStream in = Files.newInputStream(p)) {
          int before = all.size();
          for (var c : f.generateCertificates(in)) {
            all.add((X509Certificate) c);
          }
          if (all.size() == before) {
            throw new InvalidInputException("CA file " + p + " holds no PEM certificate");
          }
        } catch (CertificateException e) {
          throw new InvalidInputException(
              "CA file " + p + " is not a PEM certificate: " + e.getMessage());
        }
      }
    } catch (IOException | CertificateException e) {
      throw new InvalidInputException("cannot read CA files: " + e.getMessage());
    }
    return all;
  }
}
