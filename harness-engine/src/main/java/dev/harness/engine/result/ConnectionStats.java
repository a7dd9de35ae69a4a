package dev.harness.engine.result;

import org.HdrHistogram.Histogram;

/**
 * The connections a run opened, over the whole run (warm-up included), and for {@code https://}
 * what TLS they spoke. Times are measured from the intended connect: the moment a worker began to
 * open the connection.
 *
 * @param opened connections that became ready to carry requests
 * @param failed connections that could not be opened (refused, timed out, handshake failed)
 * @param connectTime intended connect to TCP connected, ns
 * @param tls whether the target was {@code https://}
 * @param provider TLS implementation that ran ({@code openssl} or {@code jdk}); null without TLS
 * @param insecure whether certificate and host name checks were off ({@code --insecure})
 * @param handshakes TLS handshakes completed
 * @param resumed handshakes that resumed an earlier session
 * @param handshakeTime intended connect to TLS handshake done, ns; empty without TLS
 * @param version TLS version negotiated (the last handshake's), or null
 * @param cipher cipher suite negotiated (the last handshake's), or null
 * @param alpn protocol agreed by ALPN, or null when none was
 */
public record ConnectionStats(
    long opened,
    long failed,
    Histogram connectTime,
    boolean tls,
    String provider,
    boolean insecure,
    long handshakes,
    long resumed,
    Histogram handshakeTime,
    String version,
    String cipher,
    String alpn) {}
