/**
 * Units and bad input, the leaf every other package may use: {@link
 * dev.harness.engine.time.Durations} reads and prints durations as users write them, {@link
 * dev.harness.engine.time.InvalidInputException} is the one-line error for bad input (exit code 2).
 *
 * <p>May import: nothing of the engine.
 */
package dev.harness.engine.time;
