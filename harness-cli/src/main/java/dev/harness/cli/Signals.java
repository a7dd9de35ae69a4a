package dev.harness.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT and SIGTERM for the whole process, from the first line of {@code main} to the last byte
 * written. The handlers are installed once and never put back, so there is no moment at which the
 * JVM's own handling (exit 143, nothing written) comes back. What a signal does depends on what the
 * process is doing:
 *
 * <ul>
 *   <li>nothing registered yet (parsing, loading a scenario) or a run {@linkplain #run armed} but
 *       not started: one line, exit 130, nothing written. A run's time zero is passed with {@link
 *       #started}; the decision and time zero are taken under one lock, so either the run never
 *       sends or the signal stops it.
 *   <li>a run that started: the first signal stops its arrivals, every later one is only noted. The
 *       run then writes its set whole (including while the signal comes during the final write) and
 *       the command exits 130 ({@link #interrupted}).
 *   <li>{@link #onStop} (serve, proxy, capacity): the first signal calls the stop action, the
 *       second exits 130 at once.
 * </ul>
 *
 * <p>Before {@code main} runs, HotSpot handles the signals itself (first the default action, then
 * its own handler, exit 143). The {@code harness} launcher covers that window: it keeps the signals
 * until this process has written {@link #READY_ENV}'s file, then passes them on.
 *
 * <p>A process started in the background by a non-interactive shell inherits SIGINT as ignored;
 * HotSpot then installs no handler for it and cannot undo that. The launcher resets it ({@code env
 * --default-signal=INT}); without the launcher, {@link #run} and {@link #onStop} warn once.
 *
 * <p>Thread contract: the handlers run on threads the JVM starts for each signal; every decision is
 * taken under one lock (a halt too, so nothing can start meanwhile); the stop action runs outside
 * it, since the run takes its own lock to tell of time zero.
 */
final class Signals implements AutoCloseable {
  /** Names the file this process writes once its handlers are in (set by the launcher). */
  static final String READY_ENV = "HARNESS_SIGNALS_READY";

  private static final String[] NAMES = {"INT", "TERM"};
  private static final long ECHO_NANOS = TimeUnit.MILLISECONDS.toNanos(30);
  private static final Object LOCK = new Object();
  private static boolean installed;
  private static boolean processWide;
  private static boolean ranOne;
  private static boolean warned;
  private static final List<String> ignored = new ArrayList<>();
  private static Signals current;

  // One command's interest in the signals, from its registration to close().
  private final boolean secondHalts;
  private final long graceNanos;
  private Runnable stop;
  private boolean started;
  private boolean holding;
  private String pending;
  private int count;
  private String first;
  private long firstAt;

  private Signals(boolean secondHalts, long graceNanos) {
    this.secondHalts = secondHalts;
    this.graceNanos = graceNanos;
  }

  /**
   * Installs the handlers for this process's life; {@code main}'s first line. With nothing to stop,
   * a signal ends the process with 130 at once.
   */
  static void install() {
    synchronized (LOCK) {
      processWide = true;
      installOnce();
    }
    String ready = System.getenv(READY_ENV);
    if (ready != null && !ready.isEmpty()) {
      try {
        Files.write(Path.of(ready), "ready\n".getBytes(StandardCharsets.US_ASCII));
      } catch (IOException | RuntimeException e) {
        // The launcher then passes a signal on after its own wait; nothing is lost but time.
      }
    }
  }

  private static void installOnce() {
    if (installed) {
      return;
    }
    installed = true;
    for (String name : NAMES) {
      try {
        SignalHandler old = Signal.handle(new Signal(name), Signals::on);
        if (old == SignalHandler.SIG_IGN) {
          // HotSpot keeps an inherited "ignore" and installed nothing.
          ignored.add("SIG" + name);
        }
      } catch (IllegalArgumentException | UnsupportedOperationException e) {
        // Not available here (-Xrs, another platform): the JVM's default handling stays.
      }
    }
  }

  /**
   * A run about to be prepared: until {@link #started}, a signal ends the process with one line and
   * 130, nothing written; after, it stops the run through {@code stop} (set with {@link #stopWith})
   * and the run's files are still written.
   */
  static Signals run(long graceNanos) {
    return register(new Signals(false, graceNanos));
  }

  /** Calls {@code stop} on the first INT or TERM; exits 130 on the second. */
  static Signals onStop(Runnable stop) {
    Signals w = new Signals(true, 0);
    w.stop = stop;
    w.started = true;
    return register(w);
  }

  private static Signals register(Signals w) {
    List<String> warn;
    synchronized (LOCK) {
      installOnce();
      current = w;
      warn = warned ? List.of() : List.copyOf(ignored);
      warned = true;
    }
    if (!warn.isEmpty()) {
      System.err.println(
          "harness: warning: "
              + String.join(" and ", warn)
              + " inherited as ignored (a script started this process in the background),"
              + " so it cannot stop the run; use another signal, or start it through ./harness");
      System.err.flush();
    }
    return w;
  }

  private static void on(Signal sig) {
    String name = "SIG" + sig.getName();
    Runnable act;
    synchronized (LOCK) {
      Signals w = current;
      if (w == null) {
        if (!processWide) {
          // Embedded (tests): behave as the JVM would have.
          act = () -> Runtime.getRuntime().exit(128 + sig.getNumber());
        } else {
          say(
              ranOne
                  ? "harness: " + name + " after the results were written"
                  : "harness: interrupted by "
                      + name
                      + " before anything was sent; no result"
                      + " written");
          Runtime.getRuntime().halt(Main.INTERRUPTED);
          return;
        }
      } else {
        act = w.decide(name);
      }
    }
    if (act != null) {
      act.run();
    }
  }

  /** Nothing was sent and nothing of this run written: one line, 130, now. */
  private static void haltBeforeStart(String name) {
    say("harness: interrupted by " + name + " before the run sent anything; no result written");
    Runtime.getRuntime().halt(Main.INTERRUPTED);
  }

  private static void say(String line) {
    System.err.println(line);
    System.err.flush();
  }

  /** What a signal does now; called under the lock. Halts there when nothing was sent. */
  private Runnable decide(String name) {
    if (count > 0 && name.equals(first) && System.nanoTime() - firstAt < ECHO_NANOS) {
      // A Ctrl-C reaches both the launcher and the JVM, and the launcher passes its copy on
      // within milliseconds: the same signal right after the first is that copy, not a second
      // request (kept short, so bench/signals.sh's second SIGTERM 50 ms later counts).
      return null;
    }
    count++;
    if (!started) {
      if (holding) {
        pending = name;
        return null;
      }
      haltBeforeStart(name);
    }
    if (count == 1) {
      first = name;
      firstAt = System.nanoTime();
      if (!secondHalts) {
        say(
            "\nharness: stopping on "
                + name
                + ": in-flight requests get up to "
                + TimeUnit.NANOSECONDS.toMillis(graceNanos)
                + " ms, then the results are written (exit 130)");
      } else {
        say("\nharness: stopping on " + name + "; again to quit at once");
      }
      return stop;
    }
    if (secondHalts) {
      Runtime.getRuntime().halt(Main.INTERRUPTED);
    }
    if (count == 2) {
      say("harness: " + name + " noted; still stopping, the results are written first");
    }
    return null;
  }

  /** What stops the run once it started. */
  void stopWith(Runnable stop) {
    synchronized (LOCK) {
      this.stop = stop;
    }
  }

  /**
   * Runs {@code step} without being cut short by a signal before time zero (clearing an old set
   * must not stop halfway); such a signal takes effect when it ends.
   */
  <E extends Exception> void whole(Step<E> step) throws E {
    synchronized (LOCK) {
      holding = true;
    }
    try {
      step.run();
    } finally {
      synchronized (LOCK) {
        holding = false;
        if (pending != null && !started) {
          haltBeforeStart(pending);
        }
      }
    }
  }

  /**
   * The run's time zero: from now on a signal stops it and its files are written. A signal that
   * ends the process halts it holding the lock, so this waits for that and the run never sends.
   */
  void started() {
    synchronized (LOCK) {
      started = true;
    }
  }

  /**
   * Whether a signal came while the run went or its files were written: the command then exits 130,
   * whatever the verdict.
   */
  boolean interrupted() {
    synchronized (LOCK) {
      return count > 0;
    }
  }

  /** The command is done writing: a signal from now on ends the process at once. */
  @Override
  public void close() {
    synchronized (LOCK) {
      if (current == this) {
        current = null;
        ranOne |= !secondHalts;
      }
    }
  }

  /** A step that may throw. */
  interface Step<E extends Exception> {
    void run() throws E;
  }
}
