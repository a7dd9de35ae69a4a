package dev.harness.engine.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * The one-line reasons for the cause chains the providers leave. An expired certificate is tested
 * here rather than on a socket: a self-signed certificate trusted directly is a trust anchor, whose
 * dates the JDK does not check.
 */
class TlsFailureTest {
  private static SSLHandshakeException handshake(Throwable cause) {
    SSLHandshakeException e = new SSLHandshakeException("PKIX path validation failed");
    e.initCause(cause);
    return e;
  }

  @Test
  void anExpiredCertificateIsNamed() {
    String why = TlsFailure.reason(handshake(new CertificateExpiredException("NotAfter: 2020")));
    assertTrue(why.startsWith("TLS certificate expired"), why);
  }

  @Test
  void aNameMismatchIsTheWrongHost() {
    String why =
        TlsFailure.reason(
            handshake(
                new CertificateException(
                    "No subject alternative names matching IP address 127.0.0.1 found")));
    assertTrue(why.startsWith("TLS wrong host"), why);
  }

  @Test
  void anUnknownIssuerIsUntrusted() {
    String why =
        TlsFailure.reason(
            handshake(
                new CertificateException(
                    "unable to find valid certification path to requested target")));
    assertTrue(why.startsWith("TLS untrusted certificate"), why);
  }

  @Test
  void anythingElseIsAFailedHandshakeWithTheFirstLineOfItsMessage() {
    String why =
        TlsFailure.reason(new SSLHandshakeException("Received fatal alert: protocol_version\nx"));
    assertEquals("TLS handshake failed: Received fatal alert: protocol_version", why);
  }
}
