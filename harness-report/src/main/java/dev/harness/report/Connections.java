package dev.harness.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harness.engine.result.ConnectionStats;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code connections} section of a report: connections opened and what opening them cost, and
 * for {@code https://} the TLS they spoke. Written to and read back from {@code result.json}'s
 * {@code connections} object (docs/result-format.md); shown by the text summary and the HTML
 * report.
 *
 * @param opened connections that became ready to carry requests
 * @param failed connections that could not be opened
 * @param connect intended connect to TCP connected
 * @param tls the TLS part, or null for plain HTTP
 */
public record Connections(long opened, long failed, Latency connect, Tls tls) {

  /**
   * What TLS the connections spoke.
   *
   * @param provider {@code openssl} or {@code jdk}
   * @param insecure whether certificate and host name checks were off
   * @param version negotiated TLS version, or null
   * @param cipher negotiated cipher suite, or null
   * @param alpn protocol agreed by ALPN, or null
   * @param handshakes handshakes completed
   * @param resumed handshakes that resumed a session
   * @param handshake intended connect to handshake done
   */
  public record Tls(
      String provider,
      boolean insecure,
      String version,
      String cipher,
      String alpn,
      long handshakes,
      long resumed,
      Latency handshake) {}

  /** {@code c} as {@code result.json}'s {@code connections} object; null stays null. */
  static ObjectNode toJson(ConnectionStats c) {
    if (c == null) {
      return null;
    }
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("opened", c.opened());
    n.put("failed", c.failed());
    n.set("connectTime", ResultJson.histogram(c.connectTime()));
    if (!c.tls()) {
      n.putNull("tls");
      return n;
    }
    ObjectNode t = n.putObject("tls");
    t.put("provider", c.provider());
    t.put("insecure", c.insecure());
    t.put("version", c.version());
    t.put("cipher", c.cipher());
    t.put("alpn", c.alpn());
    t.put("handshakes", c.handshakes());
    t.put("resumed", c.resumed());
    t.set("handshakeTime", ResultJson.histogram(c.handshakeTime()));
    return n;
  }

  /** The {@code connections} object of a result tree, or null when it has none (older results). */
  static Connections ofJson(JsonNode root) {
    JsonNode n = Json.objectOrNull(root, "connections", "");
    if (n == null) {
      return null;
    }
    String at = "connections";
    Latency connect = Latency.ofJson(Json.object(n, "connectTime", at), at + ".connectTime");
    JsonNode t = Json.objectOrNull(n, "tls", at);
    Tls tls = null;
    if (t != null) {
      String tat = at + ".tls";
      tls =
          new Tls(
              Json.textOrNull(t, "provider", tat),
              Json.bool(t, "insecure", tat),
              Json.textOrNull(t, "version", tat),
              Json.textOrNull(t, "cipher", tat),
              Json.textOrNull(t, "alpn", tat),
              Json.count(t, "handshakes", tat),
              Json.count(t, "resumed", tat),
              Latency.ofJson(Json.object(t, "handshakeTime", tat), tat + ".handshakeTime"));
    }
    return new Connections(Json.count(n, "opened", at), Json.count(n, "failed", at), connect, tls);
  }

  /** The summary's rows, label and text: {@code connections}, then {@code tls} and its timing. */
  List<String[]> rows() {
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "connect",
          opened
              + " opened, "
              + failed
              + " failed; connect p50 "
              + Format.duration(connect.p50())
              + " p99 "
              + Format.duration(connect.p99())
              + " max "
              + Format.duration(connect.max())
        });
    if (tls != null) {
      rows.add(
          new String[] {
            "tls",
            orNone(tls.version())
                + " "
                + orNone(tls.cipher())
                + " via "
                + tls.provider()
                + (tls.alpn() == null ? "" : ", ALPN " + tls.alpn())
                + (tls.insecure() ? ", INSECURE: certificates not checked (-k)" : ", verified")
          });
      rows.add(
          new String[] {
            "handshake",
            tls.handshakes()
                + " ("
                + tls.resumed()
                + " resumed); handshake p50 "
                + Format.duration(tls.handshake().p50())
                + " p99 "
                + Format.duration(tls.handshake().p99())
                + " max "
                + Format.duration(tls.handshake().max())
          });
    }
    return rows;
  }

  private static String orNone(String s) {
    return s == null ? Format.NONE : s;
  }
}
