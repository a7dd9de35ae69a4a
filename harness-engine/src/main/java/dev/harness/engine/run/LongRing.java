package dev.harness.engine.run;

/**
 * A growable FIFO of primitive longs: the intended start times (and flows) of arrivals waiting for
 * a connection. Not thread-safe: owned by one worker's event loop.
 */
final class LongRing {
  private long[] items = new long[64];
  private int head;
  private int size;

  boolean isEmpty() {
    return size == 0;
  }

  int size() {
    return size;
  }

  void add(long value) {
    if (size == items.length) {
      long[] bigger = new long[items.length * 2];
      for (int i = 0; i < size; i++) {
        bigger[i] = items[(head + i) & (items.length - 1)];
      }
      items = bigger;
      head = 0;
    }
    items[(head + size) & (items.length - 1)] = value;
    size++;
  }

  /** Removes and returns the oldest value; the ring must not be empty. */
  long poll() {
    long v = items[head];
    head = (head + 1) & (items.length - 1);
    size--;
    return v;
  }

  /** The oldest value, left in place; the ring must not be empty. */
  long peek() {
    return items[head];
  }
}
