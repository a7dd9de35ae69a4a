package dev.harness.engine.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A trust manager that counts the server certificates it accepted, around the one that decides (or
 * around none, for {@code --insecure}). A resumed handshake checks no certificate, so handshakes
 * minus checks is the number resumed, for both providers (OpenSSL calls the Java trust manager
 * too). Called once per full handshake, never per request.
 *
 * <p>Thread-safe: every worker's event loop may call it.
 */
final class CountingTrustManager extends X509ExtendedTrustManager {
  private final X509ExtendedTrustManager delegate;
  private final LongAdder accepted = new LongAdder();

  /**
   * @param delegate the trust manager that decides, or null to trust every certificate
   */
  CountingTrustManager(X509ExtendedTrustManager delegate) {
    this.delegate = delegate;
  }

  /** Server certificates accepted so far: the full (not resumed) handshakes. */
  long accepted() {
    return accepted.sum();
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    if (delegate != null) {
      delegate.checkServerTrusted(chain, authType, engine);
    }
    accepted.increment();
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    if (delegate != null) {
      delegate.checkServerTrusted(chain, authType, socket);
    }
    accepted.increment();
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    if (delegate != null) {
      delegate.checkServerTrusted(chain, authType);
    }
    accepted.increment();
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw new CertificateException("a client does not check client certificates");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    throw new CertificateException("a client does not check client certificates");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("a client does not check client certificates");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return delegate == null ? new X509Certificate[0] : delegate.getAcceptedIssuers();
  }
}
