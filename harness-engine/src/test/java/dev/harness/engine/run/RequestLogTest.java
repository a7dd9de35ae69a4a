package dev.harness.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.result.Outcome;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The request log's rings: bounded, never blocking the worker, drops counted. */
class RequestLogTest {
  /** A slot that carries nothing: only its request fields are read. */
  private static final class StubSlot extends Slot {
    @Override
    String connectionId() {
      return "c1";
    }

    @Override
    ByteBuf fixedRequest(ByteBuf[] fixed, int name) {
      return null;
    }

    @Override
    void send(ByteBuf request, boolean head, boolean capture) {}

    @Override
    void fail(Outcome outcome) {}
  }

  private static List<Long> drainIntended(RequestLog log) {
    List<Long> seen = new ArrayList<>();
    log.drain(e -> seen.add(e.intendedNanos()));
    return seen;
  }

  @Test
  void aFullRingDropsAndCountsInsteadOfWaiting() {
    RequestLog log = new RequestLog(1, 4, 1.0);
    RequestLog.Ring ring = log.ring(0);
    StubSlot s = new StubSlot();
    for (int i = 1; i <= 10; i++) {
      s.intendedNanos = i;
      s.sentNanos = i;
      ring.add(s, 200, Outcome.S2XX, true, i + 5);
    }
    assertEquals(6, log.dropped(), "4 fit, 6 dropped");
    assertEquals(List.of(1L, 2L, 3L, 4L), drainIntended(log), "the oldest kept, in order");
    s.intendedNanos = 11;
    ring.add(s, 200, Outcome.S2XX, true, 20);
    ring.addUnsent(12, 0, 0, Outcome.UNSENT, 21);
    List<RequestLog.Entry> copy = new ArrayList<>();
    log.drain(
        e -> {
          assertTrue(e.intendedNanos() == 11 || e.sentNanos() == 0, "unsent has no send time");
          copy.add(e);
        });
    assertEquals(2, copy.size(), "room again once drained");
    assertEquals(6, log.dropped());
  }

  @Test
  void aSampleKeepsAboutItsShare() {
    RequestLog log = new RequestLog(1, 1 << 14, 0.25);
    StubSlot s = new StubSlot();
    for (int i = 0; i < 10_000; i++) {
      log.ring(0).add(s, 200, Outcome.S2XX, true, 1);
    }
    int kept = log.drain(e -> {});
    // 2,500 expected, standard deviation about 43: far outside this only by a broken sampler.
    assertTrue(kept > 2000 && kept < 3000, "kept " + kept + " of 10000 at 25%");
    assertEquals(0, log.dropped());
  }
}
