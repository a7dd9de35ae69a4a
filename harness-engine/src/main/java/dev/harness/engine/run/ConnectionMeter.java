package dev.harness.engine.run;

import dev.harness.engine.result.ConnectionStats;
import dev.harness.engine.tls.ClientTls;
import java.util.List;
import javax.net.ssl.SSLSession;
import org.HdrHistogram.Histogram;

/**
 * What one pool's connections cost to open: connect and handshake times from the intended connect,
 * handshakes and resumed sessions, and what the last handshake agreed on. Recorded only when a
 * connection opens, never per request.
 *
 * <p>Thread contract: single writer, the owning worker's event loop; read by the run only after
 * that worker is done (the completion of its future orders the reads after the writes).
 */
final class ConnectionMeter {
  final Histogram connect = new Histogram(3);
  final Histogram handshake = new Histogram(3);
  long opened;
  long failed;
  long handshakes;
  String version;
  String cipher;
  String alpn;

  /** A connection asked for at {@code intendedNanos} is TCP-connected now. */
  void connected(long intendedNanos, long now) {
    connect.recordValue(Math.max(0, now - intendedNanos));
  }

  /** A handshake asked for at {@code intendedNanos} (connect included) is done now. */
  void handshake(long intendedNanos, long now, SSLSession s, String protocol) {
    handshake.recordValue(Math.max(0, now - intendedNanos));
    handshakes++;
    version = s.getProtocol();
    cipher = s.getCipherSuite();
    alpn = protocol;
  }

  /** Every pool's figures together, with the TLS set-up they ran with (null: plain HTTP). */
  static ConnectionStats total(List<ConnectionMeter> meters, ClientTls tls) {
    Histogram connect = new Histogram(3);
    Histogram handshake = new Histogram(3);
    long opened = 0;
    long failed = 0;
    long handshakes = 0;
    String version = null;
    String cipher = null;
    String alpn = null;
    for (ConnectionMeter m : meters) {
      connect.add(m.connect);
      handshake.add(m.handshake);
      opened += m.opened;
      failed += m.failed;
      handshakes += m.handshakes;
      version = m.version != null ? m.version : version;
      cipher = m.cipher != null ? m.cipher : cipher;
      alpn = m.alpn != null ? m.alpn : alpn;
    }
    return new ConnectionStats(
        opened,
        failed,
        connect,
        tls != null,
        tls == null ? null : tls.provider(),
        tls != null && tls.insecure(),
        handshakes,
        // A resumed handshake checks no certificate: the rest of the handshakes resumed.
        tls == null ? 0 : Math.max(0, handshakes - tls.fullHandshakes()),
        handshake,
        version,
        cipher,
        alpn);
  }
}
