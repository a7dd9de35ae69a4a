package dev.harness.engine.result;

/**
 * A criterion judged against a run.
 *
 * @param expression the criterion as the user wrote it, normalised
 * @param actual the measured value in the criterion's own unit (ms for latency, % for error ratios)
 * @param actualText the measured value as shown to people, with its unit
 * @param passed whether it held
 */
public record CriterionResult(
    String expression, double actual, String actualText, boolean passed) {}
