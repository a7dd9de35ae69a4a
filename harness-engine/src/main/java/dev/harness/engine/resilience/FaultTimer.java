package dev.harness.engine.resilience;

import dev.harness.engine.model.FaultWindow;
import dev.harness.engine.proxy.FaultProxy;
import dev.harness.engine.proxy.FaultSet;
import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.run.RunListener;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * Switches a proxy's faults on and off on the timeline, counted from the run's time zero. The
 * timers run on the proxy's event loop (epoll: within about 0.1 ms of the due time).
 *
 * <p>Thread contract: {@link #onStart} is called once by the run; {@link #cancel} after the run,
 * from any thread.
 */
final class FaultTimer implements RunListener {
  private final FaultProxy proxy;
  private final List<FaultWindow> windows;
  private final List<ScheduledFuture<?>> timers = new ArrayList<>();

  FaultTimer(FaultProxy proxy, List<FaultWindow> windows) {
    this.proxy = proxy;
    this.windows = windows;
  }

  @Override
  public void onInterval(IntervalStats stats, Histogram response, Map<String, Histogram> byName) {}

  @Override
  public synchronized void onStart(long startNanos) {
    long now = System.nanoTime();
    for (FaultWindow w : windows) {
      AtomicReference<FaultSet.Active> on = new AtomicReference<>();
      timers.add(
          proxy
              .group()
              .schedule(
                  () -> on.set(proxy.faults().on(w.fault())),
                  startNanos + w.atNanos() - now,
                  TimeUnit.NANOSECONDS));
      timers.add(
          proxy
              .group()
              .schedule(
                  () -> {
                    if (on.get() != null) {
                      proxy.faults().off(on.get());
                    }
                  },
                  startNanos + w.endNanos() - now,
                  TimeUnit.NANOSECONDS));
    }
  }

  /** Cancels what has not fired and switches every fault off. */
  synchronized void cancel() {
    timers.forEach(t -> t.cancel(false));
    proxy.faults().clear();
  }
}
