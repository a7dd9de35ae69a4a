package dev.harness.engine.proxy;

import dev.harness.engine.model.Fault;
import dev.harness.engine.model.Fault.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * The faults that are on, at most one of each {@link Kind}. The control API, a fault timeline and
 * tests switch faults; the proxy's event loops read the current {@link FaultSet} on every event.
 *
 * <p>Thread-safe. Switching is rare and synchronized; reading is one volatile read of an immutable
 * snapshot, so the proxy's hot path takes no lock.
 */
public final class FaultSwitch {
  private volatile FaultSet current = FaultSet.NONE;
  private long nextId = 1;

  /** The faults on now; never null. */
  public FaultSet current() {
    return current;
  }

  /**
   * Switches {@code fault} on, replacing a fault of the same kind.
   *
   * @return the activation, whose id tells it apart from earlier activations of the same fault
   */
  public synchronized FaultSet.Active on(Fault fault) {
    FaultSet.Active a = new FaultSet.Active(fault, nextId++, System.nanoTime());
    current = current.with(a);
    return a;
  }

  /** Switches the fault of this kind off; false when none was on. */
  public synchronized boolean off(Kind kind) {
    if (current.get(kind) == null) {
      return false;
    }
    current = current.without(kind);
    return true;
  }

  /**
   * Switches an activation off if it is still the one on for its kind (a later {@link #on} of the
   * same kind wins); false otherwise.
   */
  public synchronized boolean off(FaultSet.Active activation) {
    FaultSet.Active now = current.get(activation.fault().kind());
    if (now == null || now.id() != activation.id()) {
      return false;
    }
    current = current.without(activation.fault().kind());
    return true;
  }

  /** Switches every fault off. */
  public synchronized void clear() {
    current = FaultSet.NONE;
  }

  /** The faults on now, in {@link Kind} order. */
  public List<FaultSet.Active> active() {
    FaultSet s = current;
    List<FaultSet.Active> list = new ArrayList<>();
    for (Kind k : Kind.values()) {
      if (s.get(k) != null) {
        list.add(s.get(k));
      }
    }
    return list;
  }
}
