package dev.harness.engine.model;

import dev.harness.engine.time.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How an {@code https://} target is spoken to: whom to trust, whether to check at all, the client
 * certificate for mutual TLS, the protocol versions, the TLS implementation and the ALPN protocols
 * offered. Ignored for {@code http://} targets. Validated at construction.
 *
 * @param ca PEM files of extra certificate authorities to trust; empty: the JDK's trust store
 * @param insecure trust any certificate and skip the host name check
 * @param clientCert PEM certificate chain sent for mutual TLS, or null
 * @param clientKey PEM (PKCS#8) private key of {@code clientCert}, or null
 * @param versions protocol versions allowed ({@code TLSv1.2}, {@code TLSv1.3}); empty: the
 *     provider's defaults
 * @param provider which TLS implementation runs
 * @param alpn protocols offered by ALPN, most wanted first ({@code h2}, {@code http/1.1}); empty:
 *     no ALPN
 */
public record TlsSpec(
    List<Path> ca,
    boolean insecure,
    Path clientCert,
    Path clientKey,
    List<String> versions,
    Provider provider,
    List<String> alpn) {

  /** Versions a user may ask for. */
  public static final Set<String> VERSIONS = Set.of("TLSv1.2", "TLSv1.3");

  /** Verify against the JDK's trust store, provider chosen automatically, no ALPN. */
  public static final TlsSpec DEFAULT =
      new TlsSpec(List.of(), false, null, null, List.of(), Provider.AUTO, List.of());

  /** The TLS implementation. */
  public enum Provider {
    /** OpenSSL (BoringSSL through netty-tcnative) where it loads, else the JDK's. */
    AUTO,
    OPENSSL,
    JDK;

    /**
     * {@code auto}, {@code openssl} or {@code jdk}, any case; else an {@link
     * InvalidInputException}.
     */
    public static Provider parse(String text) {
      try {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new InvalidInputException(
            "TLS provider must be auto, openssl or jdk, got '" + text + "'");
      }
    }

    /** The name as users write it. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public TlsSpec {
    ca = List.copyOf(ca);
    versions = List.copyOf(versions);
    alpn = List.copyOf(alpn);
    if (provider == null) {
      provider = Provider.AUTO;
    }
    for (Path p : ca) {
      readable(p, "CA file");
    }
    if ((clientCert == null) != (clientKey == null)) {
      throw new InvalidInputException("give both --client-cert and --client-key, or neither");
    }
    if (clientCert != null) {
      readable(clientCert, "client certificate");
      readable(clientKey, "client key");
    }
    for (String v : versions) {
      if (!VERSIONS.contains(v)) {
        throw new InvalidInputException("TLS version must be TLSv1.2 or TLSv1.3, got '" + v + "'");
      }
    }
  }

  /**
   * Parses a comma-separated version list such as {@code TLSv1.2,TLSv1.3}; also accepts {@code 1.2}
   * and {@code tls1.3}.
   */
  public static List<String> parseVersions(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidInputException("TLS versions are empty: give TLSv1.2, TLSv1.3 or both");
    }
    return java.util.Arrays.stream(text.split(","))
        .map(String::trim)
        .map(TlsSpec::version)
        .distinct()
        .toList();
  }

  private static String version(String v) {
    String low = v.toLowerCase(Locale.ROOT).replace("tlsv", "").replace("tls", "");
    return switch (low) {
      case "1.2" -> "TLSv1.2";
      case "1.3" -> "TLSv1.3";
      default ->
          throw new InvalidInputException(
              "TLS version must be TLSv1.2 or TLSv1.3, got '" + v + "'");
    };
  }

  /** This spec offering {@code protocols} by ALPN (for HTTP/2 over TLS). */
  public TlsSpec withAlpn(List<String> protocols) {
    return new TlsSpec(ca, insecure, clientCert, clientKey, versions, provider, protocols);
  }

  private static void readable(Path p, String what) {
    if (!Files.isReadable(p) || Files.isDirectory(p)) {
      throw new InvalidInputException(what + " " + p + " cannot be read");
    }
  }
}
