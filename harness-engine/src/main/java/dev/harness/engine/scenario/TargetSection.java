package dev.harness.engine.scenario;

import dev.harness.engine.model.LoadModel;
import dev.harness.engine.model.Protocol;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.model.Target;
import dev.harness.engine.time.InvalidInputException;
import java.util.Locale;

/**
 * Reads {@code target:} (or takes {@code --target}), {@code model:} and how requests travel: {@code
 * h2c:}, {@code http2:}, {@code maxStreams:} and {@code headerTableSize:}.
 */
final class TargetSection {
  private TargetSection() {}

  static Target target(ScenarioFile in, Node node, Node root) {
    if (in.overrides.target() != null) {
      return Target.parse(in.overrides.target());
    }
    if (node == null) {
      throw new ScenarioException(
          in.fileName,
          root.line,
          "target is missing: add 'target: http://host:port' or pass --target URL");
    }
    try {
      return Target.parse(node.text());
    } catch (InvalidInputException e) {
      throw node.error(e);
    }
  }

  /** The target URL as written (command line first), or null. */
  static String url(ScenarioFile in, Node node) {
    if (in.overrides.target() != null) {
      return in.overrides.target();
    }
    return node == null ? null : node.text();
  }

  /** {@code h2c: true} (HTTP/2 with prior knowledge), {@code http2: true} (TLS, ALPN), else 1.1. */
  static Protocol protocol(Node http2, Node h2c, Target target) {
    boolean tls = http2 != null && http2.bool();
    boolean clear = h2c != null && h2c.bool();
    if (tls && clear) {
      throw http2.error("give http2: (over TLS) or h2c: (cleartext), not both");
    }
    if (tls && !target.url().startsWith("https://")) {
      throw http2.error(
          "http2: negotiates h2 by ALPN over TLS and needs an https:// target; use h2c: true for"
              + " HTTP/2 over cleartext");
    }
    return tls ? Protocol.H2 : clear ? Protocol.H2C : Protocol.HTTP1;
  }

  /** {@code maxStreams:}, which only HTTP/2 has. */
  static int maxStreams(Node node, Protocol protocol) {
    if (node == null) {
      return RunSpec.DEFAULT_MAX_STREAMS;
    }
    if (!protocol.isHttp2()) {
      throw node.error("maxStreams applies to HTTP/2: add h2c: true or http2: true");
    }
    return node.positiveInt();
  }

  /** {@code headerTableSize:} (HTTP/2's SETTINGS_HEADER_TABLE_SIZE to send), which only h2 has. */
  static long headerTableSize(Node node, Protocol protocol) {
    if (node == null) {
      return RunSpec.NO_HEADER_TABLE_SIZE;
    }
    if (!protocol.isHttp2()) {
      throw node.error("applies to HTTP/2: add h2c: true or http2: true");
    }
    double v = node.notNegative();
    if (v != Math.rint(v) || v > RunSpec.MAX_HEADER_TABLE_SIZE) {
      throw node.error("must be a whole number of bytes from 0 to 4294967295, got " + node.text());
    }
    return (long) v;
  }

  static LoadModel model(Node node) {
    if (node == null) {
      return LoadModel.OPEN;
    }
    return switch (node.text().toLowerCase(Locale.ROOT)) {
      case "open" -> LoadModel.OPEN;
      case "closed" -> LoadModel.CLOSED;
      default -> throw node.error("must be open or closed, got '" + node.text() + "'");
    };
  }
}
