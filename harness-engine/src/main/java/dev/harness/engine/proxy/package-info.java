/**
 * The fault proxy: a Netty TCP/HTTP proxy between the load and the target that applies faults
 * (latency, bandwidth, resets, black holes, error bursts) switched on a timeline or through its
 * JSON control API.
 *
 * <p>May import: {@code model}, {@code net}, {@code time}.
 */
package dev.harness.engine.proxy;
