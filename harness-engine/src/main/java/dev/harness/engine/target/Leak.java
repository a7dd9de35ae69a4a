package dev.harness.engine.target;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The memory {@code /leak} keeps on purpose, so a leak test has a target whose memory grows: each
 * request keeps {@code kib} KiB in a list that is never emptied while the server runs, up to {@link
 * #CAP_BYTES} in all (beyond it nothing more is kept, so a test cannot take the JVM down). The
 * memory is outside the heap (direct buffers) and every page of it is written, so the process's
 * resident memory grows by what is kept whatever the garbage collector does; a direct-memory limit
 * ({@code -XX:MaxDirectMemorySize}, by default the heap's maximum) below the cap ends the growth
 * there. Thread-safe: any event loop may call {@link #keep}.
 */
final class Leak {
  /** Most memory kept in all: 256 MiB. */
  static final long CAP_BYTES = 256L << 20;

  /** Kept per request when the request does not say. */
  static final int DEFAULT_KIB = 64;

  /** Most one request may ask to keep: 1 MiB. */
  static final int MAX_KIB = 1024;

  private static final int PAGE = 4096;

  private final List<ByteBuffer> kept = new ArrayList<>();
  private long bytes;
  private boolean full;

  /** Keeps {@code kib} KiB more unless the cap is reached; returns the bytes kept in all. */
  synchronized long keep(int kib) {
    long size = kib * 1024L;
    if (full || bytes + size > CAP_BYTES) {
      return bytes;
    }
    ByteBuffer b;
    try {
      b = ByteBuffer.allocateDirect((int) size);
    } catch (OutOfMemoryError e) {
      full = true; // the direct-memory limit, not the heap: stop here, as at the cap
      return bytes;
    }
    for (int i = 0; i < b.capacity(); i += PAGE) {
      b.put(i, (byte) 1); // touch every page, so it is resident
    }
    kept.add(b);
    bytes += size;
    return bytes;
  }

  /** Whether nothing more will be kept. */
  synchronized boolean full() {
    return full || bytes + 1024 > CAP_BYTES;
  }
}
