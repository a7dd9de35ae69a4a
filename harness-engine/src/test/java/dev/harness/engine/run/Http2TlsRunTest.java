package dev.harness.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.model.Protocol;
import dev.harness.engine.model.TlsSpec;
import dev.harness.engine.result.ConnectionStats;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.target.TargetConfig;
import dev.harness.engine.target.TargetServer;
import dev.harness.engine.target.TargetTls;
import dev.harness.engine.testkit.Specs;
import dev.harness.engine.tls.SelfSignedCert;
import io.netty.handler.ssl.OpenSsl;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code --http2} runs against the embedded target serving TLS with ALPN h2 ({@code harness serve
 * --tls --http2}): every request over h2, and the connections measured as over HTTP/1.1.
 */
class Http2TlsRunTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(
      value = TlsSpec.Provider.class,
      names = {"OPENSSL", "JDK"})
  void h2OverTlsIsMeasuredLikeHttp11(TlsSpec.Provider provider) throws Exception {
    if (provider == TlsSpec.Provider.OPENSSL) {
      Assumptions.assumeTrue(OpenSsl.isAvailable(), "OpenSSL does not load here");
    }
    SelfSignedCert cert = SelfSignedCert.localhost(dir);
    TargetConfig config =
        TargetConfig.builder().tls(TargetTls.of(cert.cert(), cert.key())).http2(true).build();
    try (TargetServer server = TargetServer.start(config)) {
      TlsSpec trust =
          new TlsSpec(List.of(cert.cert()), false, null, null, List.of(), provider, List.of());
      RunResult r =
          Runs.run(
              Specs.open(server.url() + "/", 100, 1, 1, 2).toBuilder()
                  .protocol(Protocol.H2)
                  .tls(trust)
                  .build());
      assertEquals(100, r.measured().outcomes().get(Outcome.S2XX), r.measured().toString());
      assertEquals("h2", r.http2().protocol());
      ConnectionStats c = r.connections();
      assertNotNull(c, "connections are measured");
      assertTrue(c.opened() >= 1 && c.opened() <= 2, "opened: " + c.opened());
      assertEquals(c.opened(), c.connectTime().getTotalCount(), "a connect time per connection");
      assertEquals(c.opened(), c.handshakes(), "one handshake per connection");
      assertEquals(c.handshakes(), c.handshakeTime().getTotalCount());
      assertEquals("h2", c.alpn(), "ALPN agreed on h2");
      assertEquals(provider.label(), c.provider());
      assertTrue(c.version().startsWith("TLSv1."), "version: " + c.version());
      assertNotNull(c.cipher());
    }
  }
}
