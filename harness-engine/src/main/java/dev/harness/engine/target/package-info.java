/**
 * The embedded target server ({@code harness serve}): routes, delays, freezes, error rates, a login
 * flow with tokens, its own Prometheus metrics. A test server, not part of the load path.
 *
 * <p>May import: {@code net}, {@code time}.
 */
package dev.harness.engine.target;
