package dev.harness.engine.tls;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Why a TLS handshake failed, in one line a user can act on: {@code untrusted certificate}, {@code
 * certificate expired}, {@code wrong host} or {@code handshake failed: ...}. Reads the cause chain
 * the JDK and OpenSSL providers both leave (the certificate checks run in Java for both).
 */
public final class TlsFailure {
  private TlsFailure() {}

  /** The reason {@code cause} (a handshake failure) names, as {@code TLS: reason}. */
  public static String reason(Throwable cause) {
    String why = classify(cause);
    return "TLS " + (why != null ? why : "handshake failed: " + message(cause));
  }

  /** Whether {@code cause} is a TLS failure rather than a plain socket error. */
  public static boolean isTls(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof SSLException) {
        return true;
      }
    }
    return false;
  }

  private static String classify(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof CertificateExpiredException) {
        return "certificate expired: " + message(t);
      }
      if (t instanceof CertificateNotYetValidException) {
        return "certificate not yet valid: " + message(t);
      }
      if (t instanceof CertPathValidatorException v
          && v.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
        return "certificate expired: " + message(t);
      }
      String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      if (m.contains("no subject alternative")
          || m.contains("no name matching")
          || m.contains("doesn't match")) {
        return "wrong host: " + message(t);
      }
      if (t instanceof CertPathBuilderException
          || t instanceof CertPathValidatorException
          || m.contains("unable to find valid certification path")) {
        return "untrusted certificate: not signed by a trusted authority (pass its CA with --ca"
            + " FILE, or -k to skip checks)";
      }
    }
    return null;
  }

  /** The first line of {@code t}'s message, or its class name when it has none. */
  static String message(Throwable t) {
    if (t == null) {
      return "unknown";
    }
    String m = t.getMessage();
    if (m == null || m.isBlank()) {
      return t.getClass().getSimpleName();
    }
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
