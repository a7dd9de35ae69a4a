/**
 * TLS for both ends of a connection: the client's {@code SslContext} built from a run's {@code
 * TlsSpec} (trust, mutual TLS, versions, provider, ALPN), one plain line for why a handshake
 * failed, and the self-signed certificate the embedded target serves.
 *
 * <p>May import: {@code model}, {@code time}.
 */
package dev.harness.engine.tls;
