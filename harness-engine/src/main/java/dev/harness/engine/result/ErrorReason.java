package dev.harness.engine.result;

/**
 * Why some requests ended in an error outcome, with how many times: "bad Content-Length: 412".
 * Protocol errors also count answers that came on a connection with no request in flight, which are
 * no request's outcome.
 *
 * @param outcome {@link Outcome#PROTOCOL_ERROR} or {@link Outcome#REQUEST_ERROR}
 * @param reason what was wrong, without the values that vary (a bounded set)
 * @param count how many times
 */
public record ErrorReason(Outcome outcome, String reason, long count) {}
