package dev.harness.cli;

import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.run.RunListener;
import dev.harness.engine.time.Durations;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * A progress line per second while a run lasts: rewritten in place on a terminal, a plain line
 * every few seconds when output goes to a file or a CI log.
 */
final class Progress implements RunListener {
  private static final int PLAIN_EVERY_SECONDS = 5;

  private final PrintStream out;
  private final boolean terminal;
  private final long totalNanos;
  private long errors;
  private int seconds;

  Progress(PrintStream out, boolean terminal, long totalNanos) {
    this.out = out;
    this.terminal = terminal;
    this.totalNanos = totalNanos;
  }

  @Override
  public void onInterval(
      IntervalStats s, Histogram response, Map<String, Histogram> responseByName) {
    seconds++;
    errors += s.outcomes().errors();
    long left = Math.max(0, totalNanos - s.endNanos());
    String line =
        String.format(
            Locale.ROOT,
            "%5ss  sent %6.0f/s  answered %6.0f/s  p99 %8s  errors %d  left %s",
            Math.round(s.endNanos() / 1e9),
            s.sent() * 1e9 / Math.max(1, s.endNanos() - s.startNanos()),
            s.achievedRate(),
            s.outcomes().responses() == 0 ? "-" : Durations.format(s.responseP99()),
            errors,
            Math.round(left / 1e9) + "s");
    if (terminal) {
      out.print("\r" + line + "   ");
    } else if (seconds % PLAIN_EVERY_SECONDS == 0) {
      out.println(line);
    }
    out.flush();
  }

  /** Ends the in-place line so the summary starts on a fresh one. */
  void finish() {
    if (terminal && seconds > 0) {
      out.println();
    }
  }
}
