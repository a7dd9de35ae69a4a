package dev.harness.engine.result;

/**
 * One phase of the run as measured.
 *
 * @param name phase name
 * @param warmup whether criteria skip it
 * @param offeredRate mean rate the phase's schedule asked for (0 in the closed model)
 * @param stats what was measured
 */
public record PhaseResult(String name, boolean warmup, double offeredRate, Stats stats) {}
