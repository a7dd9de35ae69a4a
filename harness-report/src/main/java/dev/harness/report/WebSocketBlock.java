package dev.harness.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harness.engine.result.WebSocketStats;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code websocket} section of a report: sockets, messages, closes and the connect (TCP +
 * upgrade) time of a WebSocket run. Written to and read back from {@code result.json}'s {@code
 * websocket} object (null for an HTTP run, absent in results written before it); shown by the text
 * summary, the HTML report and the Markdown summary. Per-message outcomes and latencies are the
 * run's usual ones: an answered message counts under {@code 2xx}.
 *
 * @param url the endpoint
 * @param sockets sockets kept open ({@code -c})
 * @param opened sockets whose upgrade succeeded, reopened ones included
 * @param reopened sockets opened again after the target closed one
 * @param connectErrors sockets whose connect failed
 * @param handshakeErrors sockets whose upgrade failed (not 101, or no answer in time)
 * @param closedByServer open sockets the target closed
 * @param closeCodes close codes with counts (1006: no close frame)
 * @param sent messages written, priming included
 * @param received text frames received
 * @param unmatched frames no waiting message expected
 * @param protocolErrors frames that broke the protocol
 * @param connectTime intended connect to upgrade done
 * @param openPerSecond sockets open at the end of each second
 * @param rooms chat rooms; 0 for request and reply
 * @param delivered chat: copies received by the other members of the rooms
 * @param fanOut chat: intended send to each receipt by another member; null without rooms
 */
public record WebSocketBlock(
    String url,
    long sockets,
    long opened,
    long reopened,
    long connectErrors,
    long handshakeErrors,
    long closedByServer,
    Map<String, Long> closeCodes,
    long sent,
    long received,
    long unmatched,
    long protocolErrors,
    Latency connectTime,
    List<Long> openPerSecond,
    long rooms,
    long delivered,
    Latency fanOut) {

  /** {@code w} as {@code result.json}'s {@code websocket} object; null stays null. */
  static ObjectNode toJson(WebSocketStats w) {
    if (w == null) {
      return null;
    }
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("url", w.url());
    n.put("sockets", w.sockets());
    n.put("opened", w.opened());
    n.put("reopened", w.reopened());
    n.put("connectErrors", w.connectErrors());
    n.put("handshakeErrors", w.handshakeErrors());
    n.put("closedByServer", w.closedByServer());
    ObjectNode codes = n.putObject("closeCodes");
    w.closeCodes().forEach((k, v) -> codes.put(String.valueOf(k), v));
    n.put("messagesSent", w.sent());
    n.put("messagesReceived", w.received());
    n.put("unmatched", w.unmatched());
    n.put("protocolErrors", w.protocolErrors());
    n.set("connectTime", ResultJson.histogram(w.connectTime()));
    ArrayNode open = n.putArray("openPerSecond");
    w.openPerSecond().forEach(open::add);
    n.put("rooms", w.rooms());
    n.put("delivered", w.delivered());
    n.set("fanOut", w.fanOut() == null ? null : ResultJson.histogram(w.fanOut()));
    return n;
  }

  /** The {@code websocket} object of a result tree, or null when it has none. */
  static WebSocketBlock ofJson(JsonNode root) {
    JsonNode n = Json.objectOrNull(root, "websocket", "");
    if (n == null) {
      return null;
    }
    String at = "websocket";
    Map<String, Long> codes = new TreeMap<>();
    JsonNode c = Json.object(n, "closeCodes", at);
    for (Iterator<String> it = c.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      codes.put(k, Json.count(c, k, at + ".closeCodes"));
    }
    List<Long> open = new ArrayList<>();
    Json.array(n, "openPerSecond", at).forEach(v -> open.add(v.asLong()));
    return new WebSocketBlock(
        Json.text(n, "url", at),
        Json.count(n, "sockets", at),
        Json.count(n, "opened", at),
        Json.count(n, "reopened", at),
        Json.count(n, "connectErrors", at),
        Json.count(n, "handshakeErrors", at),
        Json.count(n, "closedByServer", at),
        codes,
        Json.count(n, "messagesSent", at),
        Json.count(n, "messagesReceived", at),
        Json.count(n, "unmatched", at),
        Json.count(n, "protocolErrors", at),
        Latency.ofJson(Json.object(n, "connectTime", at), at + ".connectTime"),
        open,
        n.path("rooms").asLong(0),
        n.path("delivered").asLong(0),
        n.path("fanOut").isObject()
            ? Latency.ofJson(Json.object(n, "fanOut", at), at + ".fanOut")
            : null);
  }

  /** {@code r}'s WebSocket rows, none for an HTTP run. */
  static List<String[]> rowsOf(RunReport r) {
    return r.websocket() == null ? List.of() : r.websocket().rows();
  }

  /** The summary's rows, label and text: {@code websocket}, {@code sockets}, {@code messages}. */
  List<String[]> rows() {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"websocket", url});
    rows.add(
        new String[] {
          "sockets",
          sockets
              + " kept open, "
              + opened
              + " opened ("
              + reopened
              + " reopened), "
              + connectErrors
              + " connect errors, "
              + handshakeErrors
              + " handshake errors; connect+upgrade p50 "
              + Format.duration(connectTime.p50())
              + " p99 "
              + Format.duration(connectTime.p99())
              + " max "
              + Format.duration(connectTime.max())
        });
    rows.add(
        new String[] {
          "messages",
          sent
              + " sent, "
              + received
              + " received, "
              + unmatched
              + " unmatched, "
              + protocolErrors
              + " protocol errors (answered messages count as 2xx)"
        });
    if (fanOut != null) {
      rows.add(
          new String[] {
            "fan-out",
            rooms
                + " rooms, "
                + delivered
                + " delivered; send to each receipt p50 "
                + Format.duration(fanOut.p50())
                + " p99 "
                + Format.duration(fanOut.p99())
                + " max "
                + Format.duration(fanOut.max())
          });
    }
    if (closedByServer > 0) {
      rows.add(new String[] {"closes", closedByServer + " by the server, codes " + closeCodes});
    }
    if (!openPerSecond.isEmpty()) {
      rows.add(
          new String[] {
            "open",
            "sockets open per second: min "
                + openPerSecond.stream().mapToLong(Long::longValue).min().orElse(0)
                + " max "
                + openPerSecond.stream().mapToLong(Long::longValue).max().orElse(0)
          });
    }
    return rows;
  }
}
