package dev.harness.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harness.engine.result.Http2Stats;

/**
 * The {@code http2} block of result.json, written and read back; {@code null} for an HTTP/1.1 run
 * and absent in results written before it ({@code headerTableSize}: null when none was sent, absent
 * in results written before it). Stateless.
 */
final class Http2Block {
  private Http2Block() {}

  static ObjectNode write(Http2Stats h) {
    if (h == null) {
      return null;
    }
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("protocol", h.protocol());
    n.put("maxStreams", h.maxStreams());
    n.put("peerMaxConcurrentStreams", h.peerMaxConcurrentStreams());
    n.put("maxStreamsInFlight", h.maxStreamsInFlight());
    n.put("connectionsOpened", h.connectionsOpened());
    n.put("goAways", h.goAways());
    n.put("streamResets", h.streamResets());
    n.put("refusedStreams", h.refusedStreams());
    if (h.headerTableSize() >= 0) {
      n.put("headerTableSize", h.headerTableSize());
    } else {
      n.putNull("headerTableSize");
    }
    return n;
  }

  static RunReport.Http2 read(JsonNode n) {
    if (n == null) {
      return null;
    }
    String at = "http2";
    return new RunReport.Http2(
        Json.text(n, "protocol", at),
        (int) Json.count(n, "maxStreams", at),
        n.path("peerMaxConcurrentStreams").asLong(-1),
        (int) Json.count(n, "maxStreamsInFlight", at),
        Json.count(n, "connectionsOpened", at),
        Json.count(n, "goAways", at),
        Json.count(n, "streamResets", at),
        Json.count(n, "refusedStreams", at),
        n.path("headerTableSize").isIntegralNumber() ? n.get("headerTableSize").asLong() : -1);
  }
}
