/**
 * Fault drills: a load run through the fault proxy with faults switched on a timeline, the
 * per-second SLO series, abort conditions, recovery and availability around each fault.
 *
 * <p>May import: {@code judge}, {@code model}, {@code proxy}, {@code result}, {@code run}, {@code
 * time}.
 */
package dev.harness.engine.resilience;
