package dev.harness.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT and SIGTERM end a run early but gracefully: the first stops new arrivals so the command
 * can still print and write the partial result; a second one exits at once. A shutdown hook could
 * not do this, since by then the JVM is already exiting and writing results would race it.
 *
 * <pre>{@code
 * try (Signals s = Signals.onStop(run::stop)) { result = run.execute(); }
 * }</pre>
 */
final class Signals implements AutoCloseable {
  private final Map<Signal, SignalHandler> previous = new HashMap<>();

  private Signals() {}

  /** Calls {@code onFirst} on the first INT or TERM; halts with 130 on the second. */
  static Signals onStop(Runnable onFirst) {
    Signals s = new Signals();
    AtomicInteger count = new AtomicInteger();
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        Signal signal = new Signal(name);
        SignalHandler old =
            Signal.handle(
                signal,
                sig -> {
                  if (count.incrementAndGet() == 1) {
                    System.err.println(
                        "\nharness: stopping on SIG" + sig.getName() + "; again to quit at once");
                    onFirst.run();
                  } else {
                    Runtime.getRuntime().halt(Main.INTERRUPTED);
                  }
                });
        s.previous.put(signal, old);
      } catch (IllegalArgumentException | UnsupportedOperationException e) {
        // signal not available on this platform: the JVM's default handling stays
      }
    }
    return s;
  }

  /** Puts back the handlers that were there before. */
  @Override
  public void close() {
    previous.forEach(Signal::handle);
  }
}
