package dev.harness.engine.result;

/**
 * One request name over the measured phases: a single request of the mix, or one step of a flow.
 *
 * @param name the name it is recorded under
 * @param stats what was measured for it; {@code scheduled} counts the arrivals that began with it
 */
public record RequestResult(String name, Stats stats) {}
