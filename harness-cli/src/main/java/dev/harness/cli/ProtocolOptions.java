package dev.harness.cli;

import dev.harness.engine.model.Protocol;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.time.InvalidInputException;
import picocli.CommandLine.Option;

/** How requests travel: HTTP/1.1 (default), h2c or h2, and HTTP/2's streams per connection. */
final class ProtocolOptions {
  @Option(
      names = "--h2c",
      description =
          "HTTP/2 over cleartext with prior knowledge (as h2load and curl"
              + " --http2-prior-knowledge): each connection carries up to --max-streams requests"
              + " at once.")
  boolean h2c;

  @Option(
      names = "--http2",
      description =
          "HTTP/2 negotiated by ALPN over TLS (https:// URLs); fails when the server does"
              + " not agree to h2. For cleartext use --h2c.")
  boolean http2;

  @Option(
      names = "--max-streams",
      paramLabel = "N",
      description =
          "HTTP/2: requests in flight per connection at most (default: 100), capped by"
              + " the server's SETTINGS_MAX_CONCURRENT_STREAMS. Closed model: each connection"
              + " keeps N in flight, as h2load -c -m.")
  Integer maxStreams;

  @Option(
      names = "--h2-header-table-size",
      paramLabel = "N",
      description =
          "HTTP/2: SETTINGS_HEADER_TABLE_SIZE sent to the server (bytes; default: none sent, so"
              + " 4096). 0 asks the server not to index its answers' headers in HPACK's dynamic"
              + " table, which saves the client CPU; a server that ignores it fails every"
              + " connection (COMPRESSION_ERROR).")
  Long headerTableSize;

  /** {@code run} with the protocol flags given (those not given keep its values). */
  RunSpec apply(RunSpec run) {
    if (h2c && http2) {
      throw new InvalidInputException("give --h2c or --http2, not both");
    }
    if (headerTableSize != null
        && (headerTableSize < 0 || headerTableSize > RunSpec.MAX_HEADER_TABLE_SIZE)) {
      throw new InvalidInputException(
          "--h2-header-table-size must be 0 to 4294967295 (bytes), got " + headerTableSize);
    }
    if (maxStreams != null && maxStreams < 1) {
      throw new InvalidInputException("--max-streams must be at least 1, got " + maxStreams);
    }
    RunSpec.Builder b = run.toBuilder();
    if (http2) {
      if (!run.target().url().startsWith("https://")) {
        throw new InvalidInputException(
            "--http2 negotiates h2 by ALPN over TLS and needs an https:// URL; for HTTP/2 over"
                + " cleartext use --h2c");
      }
      b.protocol(Protocol.H2);
    } else if (h2c) {
      b.protocol(Protocol.H2C);
    }
    if (maxStreams != null) {
      if (!(h2c || http2 || run.protocol().isHttp2() || run.protocol() == Protocol.WEBSOCKET)) {
        throw new InvalidInputException("--max-streams applies to HTTP/2: add --h2c or --http2");
      }
      b.maxStreams(maxStreams);
    }
    if (headerTableSize != null) {
      if (!(h2c || http2 || run.protocol().isHttp2())) {
        throw new InvalidInputException(
            "--h2-header-table-size applies to HTTP/2: add --h2c or --http2");
      }
      b.headerTableSize(headerTableSize);
    }
    return b.build();
  }
}
