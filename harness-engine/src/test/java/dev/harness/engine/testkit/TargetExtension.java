package dev.harness.engine.testkit;

import dev.harness.engine.target.TargetConfig;
import dev.harness.engine.target.TargetServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The embedded target for a test class, on a free loopback port:
 *
 * <pre>{@code
 * @RegisterExtension static final TargetExtension target = TargetExtension.withDefaults();
 * }</pre>
 *
 * <p>In a static field the server starts before the class's first test and is closed after its
 * last; in an instance field, around each test. The config's port is replaced by 0 (any free port),
 * so classes running side by side never collide.
 */
public final class TargetExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private final TargetConfig config;
  private TargetServer server;
  private boolean perClass;

  private TargetExtension(TargetConfig config) {
    this.config = config.toBuilder().port(0).build();
  }

  /** {@link TargetConfig#defaults()}: one thread, no delay, no errors. */
  public static TargetExtension withDefaults() {
    return with(TargetConfig.defaults());
  }

  /** A target with {@code config}, on an ephemeral port whatever the config's port. */
  public static TargetExtension with(TargetConfig config) {
    return new TargetExtension(config);
  }

  /** A target built from {@code builder}, on an ephemeral port. */
  public static TargetExtension with(TargetConfig.Builder builder) {
    return with(builder.build());
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true;
    server = TargetServer.start(config);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!perClass) {
      server = TargetServer.start(config);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) {
      close();
    }
  }

  private void close() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  /** The running server; fails outside a test. */
  public TargetServer server() {
    if (server == null) {
      throw new IllegalStateException("the target runs only while the tests of its class run");
    }
    return server;
  }

  public int port() {
    return server().port();
  }

  /** The base URL without a trailing slash, as {@link TargetServer#url()}. */
  public String url() {
    return server().url();
  }

  /** {@link #url()} followed by {@code path}, which starts with a slash. */
  public String url(String path) {
    return url() + path;
  }
}
