package dev.harness.engine.testkit;

import dev.harness.engine.model.Criterion;
import dev.harness.engine.model.LoadModel;
import dev.harness.engine.model.Phase;
import dev.harness.engine.model.RateProfile;
import dev.harness.engine.model.RequestSpec;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.model.Target;
import java.util.Arrays;
import java.util.List;

/**
 * Run specs for tests, built on {@link RunSpec#builder()} so every module's tests make them one
 * way: one GET of the URL's path, one worker, a 5 s timeout unless said otherwise.
 */
public final class Specs {
  public static final long SECOND = 1_000_000_000L;

  /** The timeout of {@link #builder(String)}: long enough that a busy machine times nothing out. */
  public static final long TIMEOUT_NANOS = 5 * SECOND;

  private Specs() {}

  /** An open-model run: {@code rate} arrivals a second for {@code seconds}, one measured phase. */
  public static RunSpec open(
      String url, double rate, long seconds, int workers, int connections, String... criteria) {
    return spec(
        url,
        LoadModel.OPEN,
        List.of(main(seconds * SECOND, new RateProfile.Constant(rate))),
        workers,
        connections,
        TIMEOUT_NANOS,
        criteria);
  }

  /** A closed-model run: {@code connections} connections kept busy for {@code seconds}. */
  public static RunSpec closed(
      String url, long seconds, int workers, int connections, String... criteria) {
    return spec(
        url,
        LoadModel.CLOSED,
        List.of(main(seconds * SECOND, null)),
        workers,
        connections,
        TIMEOUT_NANOS,
        criteria);
  }

  /** A run of the given phases, every field given. */
  public static RunSpec spec(
      String url,
      LoadModel model,
      List<Phase> phases,
      int workers,
      int connections,
      long timeoutNanos,
      String... criteria) {
    return builder(url)
        .phases(phases)
        .model(model)
        .workers(workers)
        .connections(connections)
        .timeoutNanos(timeoutNanos)
        .criteria(criteria(criteria))
        .build();
  }

  /**
   * A builder for a GET of the URL's path, open model, one measured second at 100/s, one worker
   * with 4 connections, a {@link #TIMEOUT_NANOS 5 s timeout} and no criteria: change what the test
   * is about.
   */
  public static RunSpec.Builder builder(String url) {
    Target t = Target.parse(url);
    return RunSpec.builder()
        .target(t)
        .request(get(t))
        .phases(List.of(main(SECOND, new RateProfile.Constant(100))))
        .model(LoadModel.OPEN)
        .workers(1)
        .connections(4)
        .timeoutNanos(TIMEOUT_NANOS);
  }

  /** A measured (not warm-up) phase named {@code main}; {@code rate} null for the closed model. */
  public static Phase main(long nanos, RateProfile rate) {
    return new Phase("main", nanos, rate, false);
  }

  /** A request named {@code get}: GET of the target's path, no headers, no body. */
  public static RequestSpec get(Target target) {
    return RequestSpec.of("get", "GET", target.path(), List.of(), null);
  }

  /** Criteria parsed as the command line parses {@code --assert}. */
  public static List<Criterion> criteria(String... texts) {
    return Arrays.stream(texts).map(Criterion::parse).toList();
  }
}
