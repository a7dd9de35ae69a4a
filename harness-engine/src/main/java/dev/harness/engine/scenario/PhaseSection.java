package dev.harness.engine.scenario;

import dev.harness.engine.model.LoadModel;
import dev.harness.engine.model.Phase;
import dev.harness.engine.model.RateProfile;
import dev.harness.engine.time.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code phases:}: each phase's duration, warm-up flag and rate profile (rate, ramp, steps or
 * spike; uniform or Poisson arrivals), with {@code --rate}, {@code --duration} and {@code --warmup}
 * applied.
 */
final class PhaseSection {
  private static final Set<String> PHASE =
      Set.of("name", "duration", "rate", "ramp", "steps", "spike", "arrivals", "warmup");

  private final ScenarioFile in;

  PhaseSection(ScenarioFile in) {
    this.in = in;
  }

  /** The phases as written (only {@code --rate} applied); {@link #scaleMeasured} does the rest. */
  List<Phase> phases(Node node, LoadModel model, long seed) {
    List<Node> items = node.items();
    if (items.isEmpty()) {
      throw node.error("is empty: give at least one phase");
    }
    List<Phase> phases = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      phases.add(phase(items.get(i), i, model, seed + i));
    }
    return phases;
  }

  private Phase phase(Node node, int index, LoadModel model, long seed) {
    Map<String, Node> f = node.fields(PHASE);
    String name = f.containsKey("name") ? f.get("name").name() : "phase-" + (index + 1);
    long duration = in.required(f, "duration", node, "a duration such as 30s").positiveDuration();
    boolean warmup = f.containsKey("warmup") && f.get("warmup").bool();
    RateProfile rate = null;
    List<String> given =
        List.of("rate", "ramp", "steps", "spike").stream().filter(f::containsKey).toList();
    if (model == LoadModel.CLOSED) {
      if (!given.isEmpty()) {
        throw f.get(given.get(0))
            .error("does not apply to the closed model (connections set the pace)");
      }
    } else {
      if (given.size() > 1) {
        throw f.get(given.get(1))
            .error("cannot be combined with " + given.get(0) + ": give one rate profile");
      }
      if (given.isEmpty() && in.overrides.rate() == null) {
        throw node.error("needs a rate profile: rate, ramp, steps or spike");
      }
      rate =
          in.overrides.rate() != null
              ? new RateProfile.Constant(in.overrides.rate())
              : profile(f, given.get(0));
      if (f.containsKey("arrivals")) {
        Node a = f.get("arrivals");
        switch (a.text().toLowerCase(Locale.ROOT)) {
          case "poisson" -> rate = new RateProfile.Poisson(rate, seed);
          case "uniform" -> {}
          default -> throw a.error("must be uniform or poisson, got '" + a.text() + "'");
        }
      }
    }
    try {
      return new Phase(name, duration, rate, warmup);
    } catch (InvalidInputException e) {
      throw node.error(e);
    }
  }

  private RateProfile profile(Map<String, Node> f, String kind) {
    Node n = f.get(kind);
    try {
      switch (kind) {
        case "rate":
          return new RateProfile.Constant(n.positive());
        case "ramp":
          {
            Map<String, Node> r = n.fields(Set.of("from", "to"));
            return new RateProfile.Ramp(
                in.required(r, "from", n, "a start rate").notNegative(),
                in.required(r, "to", n, "an end rate").notNegative());
          }
        case "steps":
          {
            List<Double> rates = new ArrayList<>();
            if (n.kind == Node.Kind.LIST) {
              for (Node s : n.items()) {
                rates.add(s.positive());
              }
            } else {
              Map<String, Node> s = n.fields(Set.of("from", "to", "count"));
              double from = in.required(s, "from", n, "the first step's rate").positive();
              double to = in.required(s, "to", n, "the last step's rate").positive();
              int count = in.required(s, "count", n, "the number of steps").positiveInt();
              for (int i = 0; i < count; i++) {
                rates.add(count == 1 ? to : from + (to - from) * i / (count - 1));
              }
            }
            return new RateProfile.Steps(rates);
          }
        default:
          {
            Map<String, Node> s = n.fields(Set.of("base", "peak", "at", "for"));
            return new RateProfile.Spike(
                in.required(s, "base", n, "the rate around the spike").positive(),
                in.required(s, "peak", n, "the rate during the spike").positive(),
                in.required(s, "at", n, "when the spike starts in the phase").duration(),
                in.required(s, "for", n, "how long the spike lasts").positiveDuration());
          }
      }
    } catch (ScenarioException e) {
      throw e;
    } catch (InvalidInputException e) {
      throw n.error(e);
    }
  }

  /** Applies {@code --duration} and {@code --warmup}: phases scaled to the asked totals. */
  List<Phase> scaleMeasured(List<Phase> phases) {
    double measured = factor(phases, false, in.overrides.durationNanos());
    double warmup = factor(phases, true, in.overrides.warmupNanos());
    List<Phase> scaled = new ArrayList<>();
    for (Phase p : phases) {
      double factor = p.warmup() ? warmup : measured;
      if (factor == 1) {
        scaled.add(p);
      } else if (factor == 0) {
        continue; // --warmup 0s: no warm-up
      } else {
        long d = Math.max(1_000_000L, Math.round(p.durationNanos() * factor));
        RateProfile r = p.rate() == null ? null : p.rate().scaled(factor);
        scaled.add(new Phase(p.name(), d, r, p.warmup()));
      }
    }
    return scaled;
  }

  private static double factor(List<Phase> phases, boolean warmup, Long asked) {
    if (asked == null) {
      return 1;
    }
    long total =
        phases.stream().filter(p -> p.warmup() == warmup).mapToLong(Phase::durationNanos).sum();
    return total == 0 ? 1 : (double) asked / total;
  }
}
