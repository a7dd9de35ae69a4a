package dev.harness.engine.run;

import java.util.HashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Chat fan-out over one worker's rooms: a message is sent by one member and received by every other
 * member of its room. A message waits here, by its text, until the room's other members have all
 * received it; each receipt's latency from the message's intended send goes into {@link #latency}
 * (the message's own response time is then its last receipt's). A worker owns whole rooms, so every
 * receipt of a message arrives on its own event loop.
 *
 * <p>Thread contract: owned by one worker's event loop; read by the run only after that worker is
 * done.
 */
final class FanOut {
  /** From a message's intended send to each receipt by another member, every receipt. */
  final Histogram latency = new Histogram(3);

  /** Copies received by other members. */
  long delivered;

  /** Members open in each of this worker's rooms, by local room number. */
  final int[] open;

  private final int workers;
  private final int index;
  private final Map<String, WsSlot> waiting = new HashMap<>();

  /**
   * @param rooms rooms of the whole run; this worker has those whose number mod {@code workers} is
   *     its {@code index}
   */
  FanOut(int rooms, int workers, int index) {
    this.open = new int[rooms / workers];
    this.workers = workers;
    this.index = index;
  }

  /** The local room the {@code k}-th socket this worker opens joins. */
  int roomOf(int k) {
    return k % open.length;
  }

  /** The room's number in the run, as the target path names it. */
  int globalRoom(int local) {
    return local * workers + index;
  }

  /**
   * {@code s}'s message, with text {@code text}, was sent: it waits for its room's other members.
   * Returns false when the room has no other member, so nobody will receive it.
   */
  boolean sent(WsSlot s, String text) {
    int others = open[s.socket.room] - 1;
    if (others <= 0) {
      return false;
    }
    s.receiptsLeft = others;
    waiting.put(text, s);
    return true;
  }

  /**
   * A member received {@code text}: the waiting message it is a copy of, once all its copies are
   * in, else null. A text no message waits for is not a copy (or came after its timeout).
   *
   * @return the message, when this was its last receipt
   */
  WsSlot received(String text, long now, WsSocket at) {
    WsSlot s = waiting.get(text);
    if (s == null || s.socket == at) {
      return null;
    }
    delivered++;
    if (s.phase != Dispatcher.PRIMING) {
      latency.recordValue(Math.max(0, now - s.intendedNanos));
    }
    if (--s.receiptsLeft == 0) {
      waiting.remove(text);
      return s;
    }
    return null;
  }

  /** Whether {@code text} is a message still waiting for receipts. */
  boolean isWaiting(String text) {
    return waiting.containsKey(text);
  }

  /** {@code s}'s message ended without all receipts (timeout, closed socket): stop waiting. */
  void forget(WsSlot s) {
    if (s.text != null) {
      waiting.remove(s.text, s);
    }
  }
}
