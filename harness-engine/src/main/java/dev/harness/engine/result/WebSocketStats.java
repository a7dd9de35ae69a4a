package dev.harness.engine.result;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What a WebSocket run saw of its sockets and messages, over all workers, warm-up and priming
 * included (the per-message outcomes and latencies of the measured phases are in the run's {@link
 * Stats}). Immutable once built; the histogram is not to be changed.
 *
 * @param url the endpoint, {@code ws://} or {@code wss://}
 * @param sockets sockets the run keeps open ({@code -c})
 * @param opened sockets whose upgrade succeeded, reopened ones included
 * @param reopened sockets opened again after the target closed one
 * @param connectErrors sockets whose TCP (or TLS) connect failed
 * @param handshakeErrors sockets whose upgrade failed: an answer other than 101, or none in time
 * @param closedByServer open sockets the target closed
 * @param closeCodes close codes of those, with counts (1006: closed without a close frame)
 * @param sent messages written
 * @param received text frames received
 * @param unmatched frames that met no waiting message's expectation (late replies included)
 * @param protocolErrors frames that broke the protocol
 * @param connectTime from a socket's intended connect to its upgrade done (TCP + TLS + upgrade)
 * @param openPerSecond sockets open at the end of each second of the run
 * @param rooms chat rooms the sockets were spread over; 0 for request and reply
 * @param delivered chat: copies of messages received by the other members of their rooms
 * @param fanOut chat: from a message's intended send to each receipt by another member, priming
 *     excluded; null for request and reply
 */
public record WebSocketStats(
    String url,
    int sockets,
    long opened,
    long reopened,
    long connectErrors,
    long handshakeErrors,
    long closedByServer,
    Map<Integer, Long> closeCodes,
    long sent,
    long received,
    long unmatched,
    long protocolErrors,
    Histogram connectTime,
    List<Integer> openPerSecond,
    int rooms,
    long delivered,
    Histogram fanOut) {

  public WebSocketStats {
    closeCodes = Collections.unmodifiableMap(new TreeMap<>(closeCodes));
    openPerSecond = List.copyOf(openPerSecond);
  }

  /** Two sets of sockets together: counts added, histograms merged, seconds added index-wise. */
  public WebSocketStats plus(WebSocketStats o) {
    Map<Integer, Long> codes = new TreeMap<>(closeCodes);
    o.closeCodes.forEach((k, v) -> codes.merge(k, v, Long::sum));
    Histogram h = connectTime.copy();
    h.add(o.connectTime);
    List<Integer> open = new ArrayList<>();
    for (int i = 0; i < Math.max(openPerSecond.size(), o.openPerSecond.size()); i++) {
      int a = i < openPerSecond.size() ? openPerSecond.get(i) : 0;
      int b = i < o.openPerSecond.size() ? o.openPerSecond.get(i) : 0;
      open.add(a + b);
    }
    Histogram f = fanOut == null ? null : fanOut.copy();
    if (f != null && o.fanOut != null) {
      f.add(o.fanOut);
    }
    return new WebSocketStats(
        url,
        sockets + o.sockets,
        opened + o.opened,
        reopened + o.reopened,
        connectErrors + o.connectErrors,
        handshakeErrors + o.handshakeErrors,
        closedByServer + o.closedByServer,
        codes,
        sent + o.sent,
        received + o.received,
        unmatched + o.unmatched,
        protocolErrors + o.protocolErrors,
        h,
        open,
        rooms + o.rooms,
        delivered + o.delivered,
        f);
  }

  /** One line: sockets, messages and closes, for the summary and the HTML header. */
  public String describe() {
    StringBuilder b = new StringBuilder();
    b.append(sockets)
        .append(" sockets, ")
        .append(opened)
        .append(" opened (")
        .append(reopened)
        .append(" reopened), ")
        .append(connectErrors)
        .append(" connect errors, ")
        .append(handshakeErrors)
        .append(" handshake errors; messages ")
        .append(sent)
        .append(" sent, ")
        .append(received)
        .append(" received, ")
        .append(unmatched)
        .append(" unmatched");
    if (rooms > 0) {
      b.append("; ").append(rooms).append(" rooms, ").append(delivered).append(" delivered");
    }
    if (closedByServer > 0) {
      b.append("; closed by server ").append(closedByServer).append(" ").append(closeCodes);
    }
    return b.toString();
  }
}
