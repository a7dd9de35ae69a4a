package dev.harness.engine.capacity;

import dev.harness.engine.judge.Judge;
import dev.harness.engine.judge.Judgement;
import dev.harness.engine.judge.Rules;
import dev.harness.engine.model.CapacityPlan;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.result.CapacityStep;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.run.LoadRun;
import dev.harness.engine.run.Measured;
import dev.harness.engine.run.TargetUnreachableException;

/**
 * Runs each step as a full open-model {@link LoadRun} built by {@link StepSpecs}, judged by the
 * same {@link Judge} as {@code harness run}, with the generator's busy share added.
 *
 * <p>Thread contract: {@link #run} is called by one thread at a time; {@link #stop} may be called
 * from any thread (a signal handler) and stops the step in progress and every later one.
 */
public final class LoadStepRunner implements StepRunner {
  private final RunSpec base;
  private final CapacityPlan plan;
  private final long graceNanos;
  private final Object lock = new Object();
  private LoadRun current;
  private boolean stopped;

  public LoadStepRunner(RunSpec base, CapacityPlan plan, long graceNanos) {
    this.base = base;
    this.plan = plan;
    this.graceNanos = graceNanos;
    // Builds the first step's run once now, so an SLO the base run cannot be judged by (a request
    // name it does not have) is refused before the search starts, not at its first step.
    StepSpecs.forStep(base, plan, plan.start());
  }

  @Override
  public CapacityStep run(int number, CapacityStep.Stage stage, double rate)
      throws TargetUnreachableException, InterruptedException {
    RunSpec spec = StepSpecs.forStep(base, plan, rate);
    WorkerCpu cpu = new WorkerCpu();
    LoadRun run = new LoadRun(spec, cpu, graceNanos);
    synchronized (lock) {
      current = run;
      if (stopped) {
        run.stop(); // a run stopped before it starts ends at once, marked interrupted
      }
    }
    try {
      Measured m = run.measure();
      double busy =
          cpu.busy(plan.warmupNanos(), plan.warmupNanos() + plan.stepNanos(), spec.workers());
      // The busy share is the one measurement a step adds: a failure with the generator's loops
      // saturated is the generator's limit.
      Judgement j = Judge.judge(Rules.plain(spec), m.measurements().withGeneratorBusy(busy));
      RunResult result = m.judged(spec, j);
      return StepJudging.of(number, stage, rate, spec.connections(), plan, result, j, busy);
    } finally {
      synchronized (lock) {
        current = null;
      }
    }
  }

  @Override
  public void stop() {
    synchronized (lock) {
      stopped = true;
      if (current != null) {
        current.stop();
      }
    }
  }
}
