package dev.harness.engine.result;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * A list that never changes, read from an append-only series without copying its entries: the
 * series of a long run ({@link IntervalSeries}, {@link GeneratorSeries}) keep their seconds as
 * primitive columns, and a snapshot builds each entry only when it is read. Results that copy their
 * lists ({@link #immutable}) keep a snapshot as it is, so a checkpoint every few seconds of a 24 h
 * run does not copy a day of seconds into objects.
 *
 * @param <T> the entry
 */
public abstract class Snapshot<T> extends AbstractList<T> implements RandomAccess {
  private final int size;

  protected Snapshot(int size) {
    this.size = size;
  }

  @Override
  public final int size() {
    return size;
  }

  /** {@code list} itself when it is a snapshot (it never changes), else an immutable copy. */
  public static <T> List<T> immutable(List<T> list) {
    return list instanceof Snapshot<?> ? list : List.copyOf(list);
  }
}
