package dev.harness.engine.run;

import dev.harness.engine.result.WebSocketStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What one {@link WsPool}'s sockets saw: opens, failures, closes and their codes, messages and
 * frames, the connect (TCP + upgrade) time and the sockets open each second.
 *
 * <p>Thread contract: single writer, the owning worker's event loop; read by the run only after
 * that worker is done (the completion of its future orders the reads after the writes).
 */
final class WsTally {
  long sent;
  long received;
  long unmatched;
  long reopened;
  long connectErrors;
  long handshakeErrors;
  long closedByServer;
  long protocolErrors;
  final Map<Integer, Long> closeCodes = new TreeMap<>();
  final Histogram connectTime = new Histogram(3);
  final List<Integer> openPerSecond = new ArrayList<>();

  /** A socket the server closed, with its close code. */
  void closed(int code) {
    closedByServer++;
    closeCodes.merge(code, 1L, Long::sum);
  }

  /** The figures, with the pool's own: endpoint, sockets asked for and opened, fan-out. */
  WebSocketStats stats(String url, int sockets, long opened, int rooms, FanOut fanOut) {
    return new WebSocketStats(
        url,
        sockets,
        opened,
        reopened,
        connectErrors,
        handshakeErrors,
        closedByServer,
        closeCodes,
        sent,
        received,
        unmatched,
        protocolErrors,
        connectTime,
        openPerSecond,
        rooms,
        fanOut == null ? 0 : fanOut.delivered,
        fanOut == null ? null : fanOut.latency);
  }
}
