package dev.harness.engine.result;

/** How one arrival ended. Every arrival ends in exactly one outcome. */
public enum Outcome {
  S2XX("2xx", false),
  S3XX("3xx", false),
  S4XX("4xx", true),
  S5XX("5xx", true),
  /** The connection the request needed could not be opened. */
  CONNECT_ERROR("connect_error", true),
  /** No complete answer within the timeout after the request was written. */
  TIMEOUT("timeout", true),
  /** The target reset or closed the connection before the answer was complete. */
  RESET("reset", true),
  /**
   * The answer was not valid HTTP/1.1; over HTTP/2, its header block could not be decoded (HPACK).
   */
  PROTOCOL_ERROR("protocol_error", true),
  /** The target answered, but a step's check or extraction failed on the answer. */
  CHECK_FAILED("check", true),
  /** Due in the run but never written: still waiting for a connection when the run ended. */
  UNSENT("unsent", true),
  /**
   * Never written: the request its values rendered would have changed the request line or headers
   * (a line break or other control character from a feeder or an extracted value).
   */
  REQUEST_ERROR("request_error", true),
  /** HTTP/2: the target reset the request's stream (RST_STREAM other than REFUSED_STREAM). */
  STREAM_RESET("stream_reset", true),
  /** HTTP/2: the target refused the request's stream (RST_STREAM REFUSED_STREAM): not processed. */
  REFUSED_STREAM("refused_stream", true),
  /** HTTP/2: the target's GOAWAY named a last stream below the request's: not processed. */
  GOAWAY("goaway", true),
  /**
   * WebSocket: the target closed the socket (with a close frame, or without one: code 1006) while
   * the message waited for its reply.
   */
  CLOSED("closed", true),
  /**
   * WebSocket flow: the target refused a connect step's upgrade (an answer other than 101, or none
   * in time).
   */
  HANDSHAKE_ERROR("handshake_error", true);

  private static final Outcome[] VALUES = values();

  private final String label;
  private final boolean error;

  Outcome(String label, boolean error) {
    this.label = label;
    this.error = error;
  }

  /** Name used in reports and JSON. */
  public String label() {
    return label;
  }

  public boolean isError() {
    return error;
  }

  /** Whether the target answered (with any status). */
  public boolean isResponse() {
    return ordinal() <= S5XX.ordinal();
  }

  /**
   * The outcome of a complete answer with this status; statuses outside 200-599 are protocol
   * errors.
   */
  public static Outcome ofStatus(int status) {
    if (status < 200 || status > 599) {
      return PROTOCOL_ERROR;
    }
    return VALUES[status / 100 - 2];
  }

  public static Outcome ofOrdinal(int ordinal) {
    return VALUES[ordinal];
  }

  public static int count() {
    return VALUES.length;
  }
}
