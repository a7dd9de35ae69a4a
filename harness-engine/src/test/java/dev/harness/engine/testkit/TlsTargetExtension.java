package dev.harness.engine.testkit;

import dev.harness.engine.target.TargetConfig;
import dev.harness.engine.target.TargetServer;
import dev.harness.engine.target.TargetTls;
import dev.harness.engine.tls.SelfSignedCert;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The embedded target serving HTTPS (and {@code wss://}) for a test class, with a self-signed
 * certificate for localhost and 127.0.0.1 that a client trusts through {@link #cert()}:
 *
 * <pre>{@code
 * @RegisterExtension static final TlsTargetExtension target = new TlsTargetExtension();
 * ... Cli.run("run", target.url() + "/", "--ca", target.cert().toString()) ...
 * }</pre>
 *
 * <p>In a static field: the certificate is written and the server started before the class's first
 * test; both are gone after its last.
 */
public final class TlsTargetExtension implements BeforeAllCallback, AfterAllCallback {
  private Path dir;
  private SelfSignedCert cert;

  /** The server's lifecycle, once the certificate it serves exists. */
  private TargetExtension target;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    dir = Files.createTempDirectory("harness-tls-target");
    cert = SelfSignedCert.localhost(dir);
    target =
        TargetExtension.with(TargetConfig.builder().tls(TargetTls.of(cert.cert(), cert.key())));
    target.beforeAll(context);
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (target != null) {
      target.afterAll(context);
    }
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** The running server; fails outside the tests of its class. */
  public TargetServer server() {
    if (target == null) {
      throw new IllegalStateException("the target runs only while the tests of its class run");
    }
    return target.server();
  }

  /** The base URL, {@code https://127.0.0.1:port} without a trailing slash. */
  public String url() {
    return server().url();
  }

  /** The target's certificate (PEM), which a client trusts as its CA ({@code --ca}). */
  public Path cert() {
    return cert.cert();
  }
}
