package dev.harness.engine.run;

import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpResponseDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Netty's HTTP/1.1 response decoder, told when the request was a HEAD (whose answer has headers but
 * never a body). We write pre-encoded request bytes instead of going through an encoder, so the
 * decoder cannot learn the method from the outbound side as {@code HttpClientCodec} does.
 */
final class ResponseDecoder extends HttpResponseDecoder {
  private final boolean head;

  private ResponseDecoder(boolean head) {
    super(4096, 16 * 1024, 64 * 1024);
    this.head = head;
  }

  static ResponseDecoder forRequest(byte[] encodedRequest) {
    boolean head =
        encodedRequest.length > 5
            && new String(encodedRequest, 0, 5, StandardCharsets.US_ASCII).equals("HEAD ");
    return new ResponseDecoder(head);
  }

  @Override
  protected boolean isContentAlwaysEmpty(HttpMessage msg) {
    return head || super.isContentAlwaysEmpty(msg);
  }
}
