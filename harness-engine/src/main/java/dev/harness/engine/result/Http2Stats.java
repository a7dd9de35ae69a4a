package dev.harness.engine.result;

/**
 * What an HTTP/2 run saw of the protocol, over all workers. Immutable.
 *
 * @param protocol {@code h2c} (prior knowledge over cleartext) or {@code h2} (TLS, ALPN)
 * @param maxStreams streams per connection asked for ({@code --max-streams})
 * @param peerMaxConcurrentStreams the target's SETTINGS_MAX_CONCURRENT_STREAMS, -1 when it sent
 *     none (unlimited)
 * @param maxStreamsInFlight most streams in flight at once on one connection
 * @param connectionsOpened connections that came up (SETTINGS received), replacements included
 * @param goAways GOAWAY frames received
 * @param streamResets RST_STREAM frames received for requests in flight, REFUSED_STREAM excluded
 * @param refusedStreams RST_STREAM REFUSED_STREAM received for requests in flight
 * @param headerTableSize SETTINGS_HEADER_TABLE_SIZE the client sent ({@code
 *     --h2-header-table-size}), -1 when it sent none (HTTP/2's 4096)
 */
public record Http2Stats(
    String protocol,
    int maxStreams,
    long peerMaxConcurrentStreams,
    int maxStreamsInFlight,
    long connectionsOpened,
    long goAways,
    long streamResets,
    long refusedStreams,
    long headerTableSize) {

  /** The figures of two sets of connections together. */
  public Http2Stats plus(Http2Stats o) {
    return new Http2Stats(
        protocol,
        maxStreams,
        peerMaxConcurrentStreams >= 0 ? peerMaxConcurrentStreams : o.peerMaxConcurrentStreams,
        Math.max(maxStreamsInFlight, o.maxStreamsInFlight),
        connectionsOpened + o.connectionsOpened,
        goAways + o.goAways,
        streamResets + o.streamResets,
        refusedStreams + o.refusedStreams,
        headerTableSize);
  }
}
