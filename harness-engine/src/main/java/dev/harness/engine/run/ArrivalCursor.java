package dev.harness.engine.run;

import dev.harness.engine.model.Phase;
import dev.harness.engine.schedule.ArrivalSlice;
import java.util.List;

/**
 * Where one worker is in its open-model schedule: the intended time (System.nanoTime) of its next
 * arrival and the phase it belongs to. Pure schedule math over the worker's {@link ArrivalSlice} of
 * each phase: it reads no clock and does no I/O, so it is tested without sockets.
 *
 * <pre>{@code
 * cursor.start(runStart);
 * while (!cursor.done() && cursor.nextDue() <= now) {
 *   send(cursor.nextDue(), cursor.phase());
 *   cursor.advance();
 * }
 * }</pre>
 *
 * <p>Thread contract: owned by one worker's event loop; not thread-safe.
 */
final class ArrivalCursor {
  private final PhaseClock phases;
  private final ArrivalSlice[] slices;

  private long runStart;
  private int phase;
  private long arrival;
  private long nextDue;
  private boolean done;

  ArrivalCursor(PhaseClock phases, ArrivalSlice[] slices) {
    this.phases = phases;
    this.slices = slices;
  }

  /** Worker {@code worker} of {@code workers}'s share of the phases' arrivals. */
  static ArrivalCursor of(List<Phase> phases, int worker, int workers) {
    ArrivalSlice[] slices = new ArrivalSlice[phases.size()];
    for (int p = 0; p < slices.length; p++) {
      Phase ph = phases.get(p);
      slices[p] = ph.rate().slice(ph.durationNanos(), worker, workers);
    }
    return new ArrivalCursor(new PhaseClock(phases), slices);
  }

  /** Puts the cursor on the first arrival, with time zero at {@code runStartNanos}. */
  void start(long runStartNanos) {
    runStart = runStartNanos;
    phase = 0;
    arrival = 0;
    done = false;
    nextDue = runStart + phases.start(0) + slices[0].dueNanos(0);
    settle();
  }

  /** Intended time of the next arrival (System.nanoTime); meaningless once {@link #done}. */
  long nextDue() {
    return nextDue;
  }

  /** Phase of the next arrival. */
  int phase() {
    return phase;
  }

  /** Whether the schedule has no arrival left. */
  boolean done() {
    return done;
  }

  /** Moves to the arrival after the next one. */
  void advance() {
    arrival++;
    nextDue = runStart + phases.start(phase) + slices[phase].dueNanos(arrival);
    settle();
  }

  /** Moves past the ends of phases; done after the last one. */
  private void settle() {
    while (nextDue - runStart - phases.start(phase) >= phases.length(phase)) {
      phase++;
      arrival = 0;
      if (phase == slices.length) {
        phase = slices.length - 1;
        done = true;
        return;
      }
      nextDue = runStart + phases.start(phase) + slices[phase].dueNanos(0);
    }
  }
}
