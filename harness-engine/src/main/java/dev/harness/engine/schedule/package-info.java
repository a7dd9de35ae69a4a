/**
 * Rate schedules: when the k-th arrival is due (constant, piecewise ramps and steps, Poisson) and
 * which arrivals a worker takes. Pure arithmetic on nanoseconds, no I/O, no clock.
 *
 * <p>May import: nothing of the engine.
 */
package dev.harness.engine.schedule;
