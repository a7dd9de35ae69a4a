package dev.harness.engine.proxy;

import dev.harness.engine.model.Fault;
import dev.harness.engine.model.Fault.Kind;

/**
 * An immutable snapshot of the faults that are on, read by the proxy's handlers on each event.
 * Fields are typed per kind so the hot path needs no casts or map lookups.
 */
public final class FaultSet {
  static final FaultSet NONE = new FaultSet(new Active[Kind.values().length]);

  /**
   * One fault as switched on.
   *
   * @param fault the fault
   * @param id tells this activation from earlier ones of the same fault (close-after counts bytes
   *     per activation)
   * @param sinceNanos when it was switched on, {@link System#nanoTime()}
   */
  public record Active(Fault fault, long id, long sinceNanos) {}

  private final Active[] byKind;
  final boolean empty;
  final Fault.Latency latency;
  final Fault.Bandwidth bandwidth;
  final boolean reset;
  final boolean blackHole;
  final Fault.CloseAfter closeAfter;
  final long closeAfterId;
  final Fault.Status status;

  private FaultSet(Active[] byKind) {
    this.byKind = byKind;
    boolean any = false;
    for (Active a : byKind) {
      any |= a != null;
    }
    empty = !any;
    latency = (Fault.Latency) fault(Kind.LATENCY);
    bandwidth = (Fault.Bandwidth) fault(Kind.BANDWIDTH);
    reset = fault(Kind.RESET) != null;
    blackHole = fault(Kind.BLACKHOLE) != null;
    closeAfter = (Fault.CloseAfter) fault(Kind.CLOSE_AFTER);
    closeAfterId = closeAfter == null ? 0 : byKind[Kind.CLOSE_AFTER.ordinal()].id();
    status = (Fault.Status) fault(Kind.STATUS);
  }

  /** The activation of this kind, or null. */
  public Active get(Kind kind) {
    return byKind[kind.ordinal()];
  }

  public boolean isEmpty() {
    return empty;
  }

  private Fault fault(Kind kind) {
    Active a = byKind[kind.ordinal()];
    return a == null ? null : a.fault();
  }

  FaultSet with(Active a) {
    Active[] copy = byKind.clone();
    copy[a.fault().kind().ordinal()] = a;
    return new FaultSet(copy);
  }

  FaultSet without(Kind kind) {
    Active[] copy = byKind.clone();
    copy[kind.ordinal()] = null;
    return new FaultSet(copy);
  }
}
