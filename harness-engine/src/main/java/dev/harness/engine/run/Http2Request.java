package dev.harness.engine.run;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * A request in HTTP/2 form: its header block and body, made from the HTTP/1.1 bytes {@link
 * RequestEncoder} writes (so both protocols send the same request). Fixed requests are converted
 * once per name and the same object is sent on every stream: the HPACK encoder only reads it. Names
 * and values are {@link AsciiString}s, whose hash code is computed once: the encoder looks every
 * header up in the static and dynamic tables on every request, and hashed a {@code String} anew
 * each time (3% of the worker's samples in the closed model, docs/performance.md).
 *
 * @param headers pseudo-headers and headers, names lower case, without connection-specific ones
 * @param body the body, an unreleasable heap buffer each write sends a view of (so the GC frees
 *     it), or null for none
 */
record Http2Request(Http2Headers headers, ByteBuf body) {

  /** HTTP/1.1 headers that have no meaning in HTTP/2 (RFC 9113 section 8.2.2). */
  private static final Set<String> CONNECTION_HEADERS =
      Set.of(
          "host", "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade");

  /**
   * Converts an encoded HTTP/1.1 request (request line, headers, blank line, body).
   *
   * @param scheme {@code http} for h2c, {@code https} over TLS
   */
  static Http2Request of(ByteBuf http1, String scheme) {
    int from = http1.readerIndex();
    byte[] bytes = new byte[http1.readableBytes()];
    http1.getBytes(from, bytes);
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new IllegalArgumentException("not an HTTP/1.1 request");
    }
    String[] lines = text.substring(0, end).split("\r\n");
    String[] requestLine = lines[0].split(" ");
    Http2Headers headers = new DefaultHttp2Headers();
    headers
        .method(new AsciiString(requestLine[0]))
        .path(new AsciiString(requestLine[1]))
        .scheme(new AsciiString(scheme));
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = lines[i].substring(colon + 1).trim();
      if (name.equals("host")) {
        headers.authority(new AsciiString(value));
      } else if (name.equals("te")) {
        if (value.equalsIgnoreCase("trailers")) {
          headers.add(new AsciiString(name), new AsciiString(value));
        }
      } else if (!CONNECTION_HEADERS.contains(name)) {
        headers.add(new AsciiString(name), new AsciiString(value));
      }
    }
    int bodyLength = bytes.length - end - 4;
    ByteBuf body =
        bodyLength == 0
            ? null
            : Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(bytes, end + 4, bodyLength));
    return new Http2Request(headers, body);
  }
}
