package dev.harness.engine.run;

import dev.harness.engine.model.Criterion;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.result.CriterionResult;
import dev.harness.engine.result.RequestResult;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.result.Stats;
import dev.harness.engine.result.Verdict;
import java.time.Instant;
import java.util.List;

/** No connection to the target could be opened before the run: nothing can be measured (exit 3). */
public final class TargetUnreachableException extends Exception {
  public TargetUnreachableException(String message) {
    super(message, null, false, false);
  }

  /**
   * The result of the run of {@code spec} this ended: invalid, with this message as its reason,
   * nothing measured, and every criterion failed as not measured (none held, so none may pass). A
   * run that could not start still leaves a result, so CI shows why the stage failed.
   *
   * @param tried when the run tried to connect
   */
  public RunResult result(RunSpec spec, Instant tried) {
    List<CriterionResult> criteria =
        spec.criteria().stream().map(TargetUnreachableException::notMeasured).toList();
    List<RequestResult> requests =
        spec.names().stream().map(n -> new RequestResult(n, Stats.empty())).toList();
    return RunResult.builder()
        .spec(spec)
        .startedAt(tried)
        .verdict(Verdict.INVALID)
        .reason("target unreachable: " + getMessage())
        .measured(Stats.empty())
        .criteria(criteria)
        .requests(requests)
        .build();
  }

  private static CriterionResult notMeasured(Criterion c) {
    return new CriterionResult(
        c.expression(), Double.NaN, "not measured (the target was unreachable)", false);
  }
}
