/**
 * Capacity search: load steps doubling then bisecting to the highest rate that meets an SLO, each
 * step a load run judged like any other; a limit of the generator is reported as such, never as a
 * capacity.
 *
 * <p>May import: {@code judge}, {@code model}, {@code result}, {@code run}, {@code time}.
 */
package dev.harness.engine.capacity;
