/**
 * Netty transport choices shared by the client, the target and the proxy: event loop groups,
 * channel classes, binding a listener with a one-line error, and a listener's handling of accept
 * failures (out of file descriptors) that keeps it serving.
 *
 * <p>May import: {@code time}.
 */
package dev.harness.engine.net;
