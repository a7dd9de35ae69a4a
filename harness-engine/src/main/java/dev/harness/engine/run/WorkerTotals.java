package dev.harness.engine.run;

import dev.harness.engine.result.CheckFailures;
import dev.harness.engine.result.ErrorReason;
import dev.harness.engine.result.Http2Stats;
import dev.harness.engine.result.WorkerRestart;
import java.util.ArrayList;
import java.util.List;

/**
 * What the workers of a run add up to beyond their histograms: restarts, the first connect error,
 * failed checks, error reasons and HTTP/2 figures. Read after the workers stopped.
 */
record WorkerTotals(
    List<WorkerRestart> restarts,
    String connectError,
    CheckFailures checkFailures,
    List<ErrorReason> reasons,
    Http2Stats http2) {

  static WorkerTotals of(List<Worker> all) {
    List<WorkerRestart> restarts = new ArrayList<>();
    CheckFailures checkFailures = CheckFailures.NONE;
    Http2Stats http2 = null;
    String connectError = null;
    for (Worker w : all) {
      restarts.addAll(w.restarts());
      if (connectError == null) {
        connectError = w.lastConnectError();
      }
      checkFailures = checkFailures.plus(w.checkFailures().failures());
      Http2Stats h = w.http2();
      if (h != null) {
        http2 = http2 == null ? h : http2.plus(h);
      }
    }
    List<ErrorReasons> reasons = all.stream().map(Worker::reasons).toList();
    return new WorkerTotals(
        restarts, connectError, checkFailures, ErrorReasons.merge(reasons), http2);
  }
}
