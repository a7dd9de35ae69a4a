package dev.harness.engine.run;

import dev.harness.engine.model.Criterion;
import dev.harness.engine.model.LoadModel;
import dev.harness.engine.model.Phase;
import dev.harness.engine.model.RateProfile;
import dev.harness.engine.model.RequestSpec;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.model.Target;
import dev.harness.engine.result.RunResult;
import java.util.ArrayList;
import java.util.List;

/** Builds run specs for tests and runs them. */
final class Runs {
  static final long SECOND = 1_000_000_000L;

  private Runs() {}

  static RunSpec open(
      String url, double rate, long seconds, int workers, int connections, String... criteria) {
    return spec(
        url,
        LoadModel.OPEN,
        List.of(new Phase("main", seconds * SECOND, new RateProfile.Constant(rate), false)),
        workers,
        connections,
        5 * SECOND,
        criteria);
  }

  static RunSpec spec(
      String url,
      LoadModel model,
      List<Phase> phases,
      int workers,
      int connections,
      long timeoutNanos,
      String... criteria) {
    Target t = Target.parse(url);
    List<Criterion> cs = new ArrayList<>();
    for (String c : criteria) {
      cs.add(Criterion.parse(c));
    }
    return RunSpec.builder()
        .target(t)
        .request(RequestSpec.of("get", "GET", t.path(), List.of(), null))
        .phases(phases)
        .model(model)
        .workers(workers)
        .connections(connections)
        .timeoutNanos(timeoutNanos)
        .criteria(cs)
        .build();
  }

  static RunResult run(RunSpec spec) throws Exception {
    return run(spec, Supervision.STANDARD);
  }

  /** Runs with each worker's pacing loop under {@code supervision} (a faster clock, a crash). */
  static RunResult run(RunSpec spec, Supervision supervision) throws Exception {
    return new LoadRun(spec, RunListener.NONE, SECOND).supervised(supervision).execute();
  }
}
