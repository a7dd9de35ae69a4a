package dev.harness.engine.resilience;

import dev.harness.engine.judge.Recovery;
import dev.harness.engine.model.FaultWindow;
import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.run.RunListener;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Adds up, for each fault window, the response times of the seconds that overlap it: the exact
 * histogram of "during the fault", since the run keeps only percentiles per second.
 *
 * <p>Thread contract: {@link #onInterval} runs on the sampler thread; read {@link #histogram} only
 * after the run has ended.
 */
final class WindowRecorder implements RunListener {
  private final List<FaultWindow> windows;
  private final Histogram[] histograms;

  WindowRecorder(List<FaultWindow> windows) {
    this.windows = windows;
    this.histograms = new Histogram[windows.size()];
    for (int i = 0; i < histograms.length; i++) {
      histograms[i] = new Histogram(3);
    }
  }

  @Override
  public void onInterval(IntervalStats s, Histogram response, Map<String, Histogram> byName) {
    for (int i = 0; i < histograms.length; i++) {
      if (Recovery.overlaps(s, windows.get(i))) {
        histograms[i].add(response);
      }
    }
  }

  /** The histogram of each window, in the windows' order. */
  List<Histogram> histograms() {
    return Arrays.asList(histograms);
  }
}
