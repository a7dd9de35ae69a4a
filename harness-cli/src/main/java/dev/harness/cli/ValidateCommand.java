package dev.harness.cli;

import dev.harness.engine.model.Phase;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.scenario.Overrides;
import dev.harness.engine.scenario.Scenario;
import dev.harness.engine.scenario.ScenarioLoader;
import dev.harness.engine.time.Durations;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code harness validate FILE...}: checks scenario files without sending anything. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check scenario files without sending anything.",
      "Checks YAML syntax, keys, rates, durations, templates and their variables, checks and"
          + " extractions, feeders and criteria. Prints one line per file; exit 0 when all are"
          + " valid, 2 at the first invalid one."
    })
final class ValidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Scenario files (.yaml).")
  List<Path> files;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    for (Path f : files) {
      Scenario s = ScenarioLoader.load(f, Overrides.NONE);
      out.println("ok   " + f + ": " + describe(s));
    }
    out.flush();
    return Main.PASS;
  }

  static String describe(Scenario s) {
    RunSpec r = s.spec();
    long warmup = r.phases().stream().filter(Phase::warmup).mapToLong(Phase::durationNanos).sum();
    int steps = r.flows().stream().mapToInt(f -> f.steps().size()).sum();
    long multi = r.flows().stream().filter(f -> f.steps().size() > 1).count();
    return String.format(
        Locale.ROOT,
        "%s, %s model, %d phase%s (%s%s), %d request%s%s, %d worker%s, %d criteria, target %s",
        s.name(),
        r.model().name().toLowerCase(Locale.ROOT),
        r.phases().size(),
        r.phases().size() == 1 ? "" : "s",
        Durations.format(r.durationNanos() - warmup),
        warmup > 0 ? " + " + Durations.format(warmup) + " warm-up" : "",
        steps,
        steps == 1 ? "" : "s",
        multi > 0 ? " in " + r.flows().size() + (r.flows().size() == 1 ? " flow" : " flows") : "",
        r.workers(),
        r.workers() == 1 ? "" : "s",
        r.criteria().size(),
        r.url());
  }
}
