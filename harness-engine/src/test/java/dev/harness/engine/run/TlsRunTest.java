package dev.harness.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.model.RequestSpec;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.model.Target;
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
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code https://} runs on loopback against the embedded target serving TLS: trust, host names,
 * both providers, handshake accounting, mutual TLS and the connection limit.
 */
class TlsRunTest {
  @TempDir Path dir;

  private static TlsSpec trusting(Path ca, TlsSpec.Provider provider) {
    return new TlsSpec(List.of(ca), false, null, null, List.of(), provider, List.of());
  }

  private static TargetServer serve(TargetTls tls) {
    return TargetServer.start(TargetConfig.builder().tls(tls).build());
  }

  private static RunSpec.Builder spec(String url, TlsSpec tls) {
    return Specs.builder(url).tls(tls);
  }

  @ParameterizedTest
  @EnumSource(
      value = TlsSpec.Provider.class,
      names = {"OPENSSL", "JDK"})
  void httpsRunPassesWithTheCertificateAsCaOnEitherProvider(TlsSpec.Provider provider)
      throws Exception {
    if (provider == TlsSpec.Provider.OPENSSL) {
      Assumptions.assumeTrue(OpenSsl.isAvailable(), "OpenSSL does not load here");
    }
    SelfSignedCert cert = SelfSignedCert.localhost(dir);
    try (TargetServer server = serve(TargetTls.of(cert.cert(), cert.key()))) {
      assertTrue(server.url().startsWith("https://"), server.url());
      RunResult r = Runs.run(spec(server.url() + "/", trusting(cert.cert(), provider)).build());
      assertEquals(100, r.measured().outcomes().get(Outcome.S2XX), "every request answered 2xx");
      ConnectionStats c = r.connections();
      assertNotNull(c, "connections are measured");
      assertTrue(c.tls(), "the run spoke TLS");
      assertEquals(provider.label(), c.provider(), "the provider that ran is reported");
      assertEquals(c.opened(), c.handshakes(), "one handshake per connection");
      assertEquals(c.handshakes(), c.handshakeTime().getTotalCount());
      assertTrue(c.version().startsWith("TLSv1."), "version: " + c.version());
      assertNotNull(c.cipher());
      assertFalse(c.insecure());
    }
  }

  @Test
  void withoutTheCaTheTargetIsUnreachableForAnUntrustedCertificate() throws Exception {
    SelfSignedCert cert = SelfSignedCert.localhost(dir);
    try (TargetServer server = serve(TargetTls.of(cert.cert(), cert.key()))) {
      TargetUnreachableException e =
          assertThrows(
              TargetUnreachableException.class,
              () -> Runs.run(spec(server.url() + "/", TlsSpec.DEFAULT).build()));
      assertTrue(e.getMessage().contains("untrusted certificate"), e.getMessage());
      assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }
  }

  @Test
  void insecureTrustsAnyCertificateAndIsSaidInTheResult() throws Exception {
    SelfSignedCert cert = SelfSignedCert.write(dir, List.of("other.example"), Duration.ofDays(1));
    try (TargetServer server = serve(TargetTls.of(cert.cert(), cert.key()))) {
      TlsSpec insecure =
          new TlsSpec(List.of(), true, null, null, List.of(), TlsSpec.Provider.AUTO, List.of());
      RunResult r = Runs.run(spec(server.url() + "/", insecure).build());
      assertEquals(100, r.measured().outcomes().get(Outcome.S2XX));
      assertTrue(r.connections().insecure(), "insecure is recorded");
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = TlsSpec.Provider.class,
      names = {"OPENSSL", "JDK"})
  void aCertificateForAnotherHostFailsWithTheHostReason(TlsSpec.Provider provider)
      throws Exception {
    if (provider == TlsSpec.Provider.OPENSSL) {
      Assumptions.assumeTrue(OpenSsl.isAvailable(), "OpenSSL does not load here");
    }
    SelfSignedCert cert = SelfSignedCert.write(dir, List.of("other.example"), Duration.ofDays(1));
    try (TargetServer server = serve(TargetTls.of(cert.cert(), cert.key()))) {
      TargetUnreachableException e =
          assertThrows(
              TargetUnreachableException.class,
              () -> Runs.run(spec(server.url() + "/", trusting(cert.cert(), provider)).build()));
      assertTrue(e.getMessage().contains("wrong host"), e.getMessage());
    }
  }

  @Test
  void oneRequestPerConnectionMakesAHandshakePerRequest() throws Exception {
    SelfSignedCert cert = SelfSignedCert.localhost(dir);
    try (TargetServer server = serve(TargetTls.of(cert.cert(), cert.key()))) {
      RunSpec s =
          spec(server.url() + "/", trusting(cert.cert(), TlsSpec.Provider.AUTO))
              .maxRequestsPerConnection(1)
              .build();
      RunResult r = Runs.run(s);
      long answered = r.measured().outcomes().get(Outcome.S2XX);
      assertEquals(100, answered, "every request answered");
      ConnectionStats c = r.connections();
      // Each answered request (and each connection's primer) had a handshake of its own; a few
      // connections may have opened for arrivals that found another free first.
      assertTrue(
          c.handshakes() >= answered && c.handshakes() <= answered + 3L * s.connections(),
          "handshakes " + c.handshakes() + " for " + answered + " requests");
      assertTrue(c.resumed() <= c.handshakes());
    }
  }

  @Test
  void connectionCloseFromTheServerIsHonouredOverPlainHttp() throws Exception {
    try (TargetServer server = TargetServer.start(TargetConfig.defaults())) {
      Target t = Target.parse(server.url() + "/");
      RequestSpec close =
          RequestSpec.of(
              "get", "GET", "/", List.of(RequestSpec.Header.parse("Connection: close")), null);
      RunResult r = Runs.run(Specs.builder(server.url() + "/").request(close).build());
      long answered = r.measured().outcomes().get(Outcome.S2XX);
      assertEquals(100, answered, "every request answered on " + t.url());
      ConnectionStats c = r.connections();
      assertFalse(c.tls());
      assertTrue(
          c.opened() >= answered, "a connection per answer: " + c.opened() + " for " + answered);
    }
  }

  @Test
  void maxRequestsPerConnectionAlsoWorksOverPlainHttp() throws Exception {
    try (TargetServer server = TargetServer.start(TargetConfig.defaults())) {
      RunResult r =
          Runs.run(Specs.builder(server.url() + "/").maxRequestsPerConnection(10).build());
      long answered = r.measured().outcomes().get(Outcome.S2XX);
      assertEquals(100, answered);
      long opened = r.connections().opened();
      assertTrue(opened >= 10 && opened <= 10 + 3 * 4, "about 10 connections: " + opened);
    }
  }

  @Test
  void mutualTlsPassesWithTheClientCertificateAndFailsWithout() throws Exception {
    SelfSignedCert server = SelfSignedCert.localhost(dir.resolve("server"));
    SelfSignedCert client =
        SelfSignedCert.write(dir.resolve("client"), List.of("harness-client"), Duration.ofDays(1));
    TargetTls mtls = TargetTls.of(server.cert(), server.key()).requireClientCert(client.cert());
    try (TargetServer target = serve(mtls)) {
      TlsSpec withCert =
          new TlsSpec(
              List.of(server.cert()),
              false,
              client.cert(),
              client.key(),
              List.of(),
              TlsSpec.Provider.AUTO,
              List.of());
      RunResult r = Runs.run(spec(target.url() + "/", withCert).build());
      assertEquals(100, r.measured().outcomes().get(Outcome.S2XX), "mutual TLS passes");

      // TLS 1.3 clients learn of a refused certificate only after the handshake: the request
      // then fails, or the connection does; either way nothing is answered.
      TlsSpec without = trusting(server.cert(), TlsSpec.Provider.AUTO);
      try {
        RunResult refused = Runs.run(spec(target.url() + "/", without).build());
        assertEquals(0, refused.measured().outcomes().get(Outcome.S2XX), "nothing answered");
      } catch (TargetUnreachableException e) {
        assertTrue(e.getMessage().contains("TLS"), e.getMessage());
      }
    }
  }
}
