package dev.harness.engine.model;

/** How requests travel to the target. */
public enum Protocol {
  /** HTTP/1.1, one request in flight per connection. */
  HTTP1("http/1.1"),
  /** HTTP/2 over cleartext with prior knowledge: the client starts with the connection preface. */
  H2C("h2c"),
  /** HTTP/2 over TLS, agreed by ALPN. */
  H2("h2"),
  /**
   * WebSocket (RFC 6455): an open socket carries messages; a message and its reply are a request.
   */
  WEBSOCKET("websocket");

  private final String label;

  Protocol(String label) {
    this.label = label;
  }

  /**
   * Name used in reports and JSON: {@code http/1.1}, {@code h2c}, {@code h2} or {@code websocket}.
   */
  public String label() {
    return label;
  }

  public boolean isHttp2() {
    return this == H2C || this == H2;
  }
}
