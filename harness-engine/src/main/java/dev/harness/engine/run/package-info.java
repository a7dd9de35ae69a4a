/**
 * The load engine: {@link dev.harness.engine.run.LoadRun} runs a {@code RunSpec} with one {@link
 * dev.harness.engine.run.Worker} per event loop (arrival cursor, pacer, wait queue, connection
 * pool: HTTP/1.1, HTTP/2 or WebSocket), records response and service time from the intended start,
 * watches the generator itself and hands its measurements to the judge.
 *
 * <p>May import: {@code judge}, {@code model}, {@code net}, {@code result}, {@code schedule},
 * {@code scrape}, {@code time}, {@code tls}.
 */
package dev.harness.engine.run;
