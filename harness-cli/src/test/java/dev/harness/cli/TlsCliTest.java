package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harness.engine.target.TargetTls;
import dev.harness.engine.testkit.TlsTargetExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code harness run https://...} end to end against the embedded target serving TLS. */
class TlsCliTest {
  @RegisterExtension static final TlsTargetExtension target = new TlsTargetExtension();

  @Test
  void httpsRunWithTheCertificateAsCaPassesAndRecordsTheTls(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("result.json");
    Cli r =
        Cli.run(
            "run",
            target.url() + "/",
            "--ca",
            target.cert().toString(),
            "-R",
            "200",
            "-d",
            "1s",
            "--json",
            json.toString());
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("handshake"), "the summary shows the handshakes:\n" + r.out());
    JsonNode tls = new ObjectMapper().readTree(Files.readString(json)).path("connections");
    assertTrue(tls.path("opened").asLong() > 0, tls.toString());
    String provider = tls.path("tls").path("provider").asText();
    assertTrue(provider.equals("openssl") || provider.equals("jdk"), tls.toString());
    assertFalse(tls.path("tls").path("insecure").asBoolean(), tls.toString());
  }

  @Test
  void withoutCaTheRunIsInvalidWithOneLineNamingTheCertificateProblem() {
    Cli r = Cli.run("run", target.url() + "/", "-R", "100", "-d", "1s");
    assertEquals(Main.INVALID, r.exitCode(), r.toString());
    assertTrue(r.err().contains("untrusted certificate"), r.toString());
    assertEquals(1, r.err().strip().lines().count(), "one line:\n" + r.err());
    assertFalse(r.err().contains("Exception"), r.toString());
  }

  @Test
  void insecurePassesAndSaysSo(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("result.json");
    Cli r =
        Cli.run(
            "run",
            target.url().replace("127.0.0.1", "localhost") + "/",
            "-k",
            "-R",
            "100",
            "-d",
            "1s",
            "--json",
            json.toString());
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("INSECURE"), r.out());
    JsonNode tls = new ObjectMapper().readTree(Files.readString(json)).path("connections");
    assertTrue(tls.path("tls").path("insecure").asBoolean(), tls.toString());
  }

  @Test
  void bothProvidersRunAndTheOneThatRanIsReported(@TempDir Path dir) throws Exception {
    for (String provider : new String[] {"jdk", "openssl"}) {
      Path json = dir.resolve(provider + ".json");
      Cli r =
          Cli.run(
              "run",
              target.url() + "/",
              "--ca",
              target.cert().toString(),
              "--tls-provider",
              provider,
              "--tls-versions",
              "TLSv1.2,TLSv1.3",
              "-R",
              "100",
              "-d",
              "1s",
              "--json",
              json.toString());
      assertEquals(0, r.exitCode(), r.toString());
      JsonNode tls = new ObjectMapper().readTree(Files.readString(json)).path("connections");
      assertEquals(provider, tls.path("tls").path("provider").asText(), tls.toString());
    }
  }

  @Test
  void badTlsFlagsAreOneLineAndExit2() {
    String url = target.url() + "/";
    String[][] bad = {
      {"--tls-provider", "gnutls"},
      {"--tls-versions", "TLSv1.0"},
      {"--client-cert", target.cert().toString()},
      {"--ca", "/no/such/ca.pem"},
      {"--max-requests-per-connection", "-1"},
    };
    for (String[] flags : bad) {
      String[] args = new String[6 + flags.length];
      System.arraycopy(new String[] {"run", url, "-R", "10", "-d", "1s"}, 0, args, 0, 6);
      System.arraycopy(flags, 0, args, 6, flags.length);
      Cli r = Cli.run(args);
      assertEquals(Main.USAGE, r.exitCode(), String.join(" ", flags) + "\n" + r);
      assertEquals(1, r.err().strip().lines().count(), "one line:\n" + r.err());
    }
  }

  @Test
  void aScenarioTlsSectionIsValidatedAndUsed(@TempDir Path dir) throws Exception {
    Files.copy(target.cert(), dir.resolve("ca.pem"));
    Path file = dir.resolve("tls.yaml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "target: " + target.url(),
            "phases:",
            "  - name: main",
            "    duration: 1s",
            "    rate: 100",
            "requests:",
            "  - path: /",
            "maxRequestsPerConnection: 5",
            "tls:",
            "  ca: ca.pem",
            "  versions: [TLSv1.3]",
            "  provider: jdk",
            ""));
    Cli valid = Cli.run("validate", file.toString());
    assertEquals(0, valid.exitCode(), valid.toString());
    Path json = dir.resolve("result.json");
    Cli r = Cli.run("run", file.toString(), "--json", json.toString());
    assertEquals(0, r.exitCode(), r.toString());
    JsonNode c = new ObjectMapper().readTree(Files.readString(json)).path("connections");
    assertEquals("TLSv1.3", c.path("tls").path("version").asText(), c.toString());
    assertEquals("jdk", c.path("tls").path("provider").asText(), c.toString());
    assertTrue(c.path("opened").asLong() >= 20, "a connection per 5 requests: " + c);
  }

  @Test
  void faultsAndTheProbeRefuseHttpsForNowInOneLine() {
    String url = target.url() + "/";
    String ca = target.cert().toString();
    Cli fault =
        Cli.run("run", url, "--ca", ca, "-R", "10", "-d", "2s", "--fault", "at=1s,for=1s,reset");
    assertEquals(Main.USAGE, fault.exitCode(), fault.toString());
    assertTrue(fault.err().contains("fault proxy speaks plain HTTP"), fault.toString());
    Cli probe = Cli.run("run", url, "--ca", ca, "-R", "10", "-d", "1s", "--probe", url + "health");
    assertEquals(Main.USAGE, probe.exitCode(), probe.toString());
    assertTrue(probe.err().contains("https is not supported for the probe"), probe.toString());
  }

  @Test
  void serveTlsWritesItsCertificateAndNamesItAndRefusesHalfAPair() throws Exception {
    java.io.StringWriter printed = new java.io.StringWriter();
    TargetTls made = ServeCommand.targetTls(true, null, null, new java.io.PrintWriter(printed));
    assertTrue(Files.readString(made.cert()).startsWith("-----BEGIN CERTIFICATE-----"));
    assertTrue(Files.readString(made.key()).startsWith("-----BEGIN PRIVATE KEY-----"));
    assertTrue(printed.toString().contains(made.cert().toString()), printed.toString());

    Cli half = Cli.run("serve", "--port", "0", "--tls-cert", target.cert().toString());
    assertEquals(Main.USAGE, half.exitCode(), half.toString());
    assertTrue(half.err().contains("--tls-cert and --tls-key"), half.toString());
  }

  @Test
  void demoTlsRunsAgainstTheEmbeddedTargetOverHttps() {
    Cli r = Cli.run("demo", "--tls", "-R", "200", "-d", "1s");
    // Judged (its p99 bound depends on the machine), never unreachable or refused.
    assertTrue(r.exitCode() == 0 || r.exitCode() == 1, r.toString());
    assertTrue(r.out().contains("https://127.0.0.1"), r.out());
    assertTrue(r.out().contains("handshake"), r.out());
  }

  @Test
  void demoHttp2RunsH2OverTlsWithNothingInstalled() {
    Cli r = Cli.run("demo", "--http2", "-R", "200", "-d", "1s");
    assertTrue(r.exitCode() == 0 || r.exitCode() == 1, r.toString());
    assertTrue(r.out().contains("https://127.0.0.1"), r.out());
    assertTrue(r.out().contains("http2      h2, "), r.out());
    assertTrue(r.out().contains("ALPN h2"), r.out());

    Cli both = Cli.run("demo", "--h2c", "--tls");
    assertEquals(Main.USAGE, both.exitCode(), both.toString());
    assertTrue(both.err().contains("over TLS use --http2"), both.toString());
  }
}
