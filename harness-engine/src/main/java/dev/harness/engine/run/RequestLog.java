package dev.harness.engine.run;

import dev.harness.engine.result.Outcome;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Every request of a run, one {@link Entry} each, for a writer that logs them off the workers'
 * loops ({@code harness run --requests FILE}). Each worker adds to a bounded ring of its own; one
 * reader thread {@link #drain}s them all. A worker never waits: when its ring is full the entry is
 * dropped and counted ({@link #dropped}), so a slow disk costs log lines, never latency.
 *
 * <pre>{@code
 * RequestLog log = new RequestLog(spec.workers(), RequestLog.DEFAULT_CAPACITY, 1.0);
 * new LoadRun(spec, listener, grace).requestLog(log);
 * // the writer thread, every few milliseconds and once after the run:
 * log.drain(entry -> write(entry));
 * }</pre>
 *
 * <p>Thread contract: each {@link Ring} has one writer, its worker's event loop; {@link #drain} is
 * called by one reader thread at a time; {@link #dropped} from any thread.
 */
public final class RequestLog {
  /** Entries each worker's ring holds until the reader takes them. */
  public static final int DEFAULT_CAPACITY = 1 << 16;

  private final Ring[] rings;

  /**
   * @param capacity entries per worker's ring, rounded up to a power of two
   * @param sample share of requests kept, over 0 and at most 1; the rest are skipped at random
   */
  public RequestLog(int workers, int capacity, double sample) {
    if (!(sample > 0 && sample <= 1)) {
      throw new IllegalArgumentException("sample must be over 0 and at most 1, got " + sample);
    }
    rings = new Ring[workers];
    int size = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
    for (int w = 0; w < workers; w++) {
      rings[w] = new Ring(w, size, sample);
    }
  }

  /** Worker {@code w}'s ring, or null when this log has none for it. */
  Ring ring(int w) {
    return w < rings.length ? rings[w] : null;
  }

  /**
   * Hands every entry added since the last call to {@code sink}, worker by worker, oldest first. An
   * entry is valid only during its {@code accept}: its object is reused afterwards.
   *
   * @return how many entries were handed on
   */
  public int drain(Consumer<Entry> sink) {
    int n = 0;
    for (Ring r : rings) {
      n += r.drain(sink);
    }
    return n;
  }

  /** Entries dropped because a ring was full: the reader fell behind. */
  public long dropped() {
    long n = 0;
    for (Ring r : rings) {
      n += r.dropped.get();
    }
    return n;
  }

  /** One request as it ended. Times are System.nanoTime values. */
  public static final class Entry {
    int worker;
    long intendedNanos;
    long sentNanos;
    long endNanos;
    int status;
    Outcome outcome;
    boolean passed;
    int name;
    int phase;
    int bytes;
    String connection;

    public int worker() {
      return worker;
    }

    /** When the request was due (its response time counts from here). */
    public long intendedNanos() {
      return intendedNanos;
    }

    /** When it was written; 0 when it never was (unsent, or no connection could be opened). */
    public long sentNanos() {
      return sentNanos;
    }

    /** When it was answered or failed. */
    public long endNanos() {
      return endNanos;
    }

    /** The answer's HTTP status, or 0 when none came. */
    public int status() {
      return status;
    }

    public Outcome outcome() {
      return outcome;
    }

    /** Whether the answer was expected and its checks held. */
    public boolean passed() {
      return passed;
    }

    /** The request's name, as an index into the run's names. */
    public int name() {
      return name;
    }

    /** The phase, as an index into the run's phases. */
    public int phase() {
      return phase;
    }

    /** Bytes of the request as written; 0 when never written. */
    public int bytes() {
      return bytes;
    }

    /** The connection that carried it, as Netty's short channel id; null when none did. */
    public String connection() {
      return connection;
    }
  }

  /**
   * One worker's ring: a single-producer single-consumer queue of reused entries. The producer
   * fills an entry, then publishes it by moving {@code tail} (a release store); the reader reads
   * {@code tail} (an acquire load), the entries before it, then moves {@code head} to free them.
   */
  static final class Ring {
    private final int worker;
    private final Entry[] entries;
    private final int mask;
    private final double sample;
    private final AtomicLong head = new AtomicLong();
    private final AtomicLong tail = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    /** The producer's own copy of {@link #tail}, and its last look at {@link #head}. */
    private long produced;

    private long freeUpTo;

    Ring(int worker, int size, double sample) {
      this.worker = worker;
      this.entries = new Entry[size];
      for (int i = 0; i < size; i++) {
        entries[i] = new Entry();
      }
      this.mask = size - 1;
      this.sample = sample;
    }

    /** Adds the request in flight on {@code c}, which ended at {@code end}. Producer only. */
    void add(Slot c, int status, Outcome outcome, boolean passed, long end) {
      Entry e = next();
      if (e != null) {
        fill(e, c.intendedNanos, c.sentNanos, end, status, outcome, passed, c.name, c.phase);
        e.bytes = c.sentBytes;
        e.connection = c.connectionId();
        tail.lazySet(++produced);
      }
    }

    /** Adds an arrival that ended unsent, due at {@code intended}. Producer only. */
    void addUnsent(long intended, int phase, int name, Outcome outcome, long end) {
      Entry e = next();
      if (e != null) {
        fill(e, intended, 0, end, 0, outcome, false, name, phase);
        e.bytes = 0;
        e.connection = null;
        tail.lazySet(++produced);
      }
    }

    /** The entry to fill, or null when this one is sampled out or the ring is full. */
    private Entry next() {
      if (sample < 1 && ThreadLocalRandom.current().nextDouble() >= sample) {
        return null;
      }
      if (produced - freeUpTo >= entries.length) {
        freeUpTo = head.get();
        if (produced - freeUpTo >= entries.length) {
          dropped.lazySet(dropped.get() + 1);
          return null;
        }
      }
      return entries[(int) (produced & mask)];
    }

    private void fill(
        Entry e,
        long intended,
        long sent,
        long end,
        int status,
        Outcome outcome,
        boolean passed,
        int name,
        int phase) {
      e.worker = worker;
      e.intendedNanos = intended;
      e.sentNanos = sent;
      e.endNanos = end;
      e.status = status;
      e.outcome = outcome;
      e.passed = passed;
      e.name = name;
      e.phase = phase;
    }

    /** Consumer only. */
    int drain(Consumer<Entry> sink) {
      long from = head.get();
      long to = tail.get();
      for (long i = from; i < to; i++) {
        sink.accept(entries[(int) (i & mask)]);
      }
      head.lazySet(to);
      return (int) (to - from);
    }
  }
}
