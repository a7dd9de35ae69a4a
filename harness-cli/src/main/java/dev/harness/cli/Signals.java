package dev.harness.cli;

import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;

/**
 * SIGINT and SIGTERM end a run early but gracefully: the first stops new arrivals so the command
 * can still print and write the partial result; a second one exits at once. A shutdown hook could
 * not do this, since by then the JVM is already exiting and writing results would race it.
 */
final class Signals {
  private Signals() {}

  /** Calls {@code onFirst} on the first INT or TERM; halts with 130 on the second. */
  static void onStop(Runnable onFirst) {
    AtomicInteger count = new AtomicInteger();
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        Signal.handle(
            new Signal(name),
            s -> {
              if (count.incrementAndGet() == 1) {
                System.err.println("\nharness: stopping (" + s.getName() + "); press Ctrl-C again to quit at once");
                onFirst.run();
              } else {
                Runtime.getRuntime().halt(Main.INTERRUPTED);
              }
            });
      } catch (IllegalArgumentException | UnsupportedOperationException e) {
        // signal not available on this platform: the JVM's default handling stays
      }
    }
  }
}
