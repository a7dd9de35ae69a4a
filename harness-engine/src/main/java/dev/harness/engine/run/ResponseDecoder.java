package dev.harness.engine.run;

import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpResponseDecoder;

/**
 * Netty's HTTP/1.1 response decoder, told whether the request in flight was a HEAD (whose answer
 * has headers but never a body). We write pre-encoded request bytes instead of going through an
 * encoder, so the decoder cannot learn the method from the outbound side as {@code HttpClientCodec}
 * does.
 *
 * <p>Thread contract: used by its channel's event loop only.
 */
final class ResponseDecoder extends HttpResponseDecoder {
  private boolean head;

  ResponseDecoder() {
    super(4096, 16 * 1024, 64 * 1024);
  }

  /** Set before each request is written: one request in flight per connection. */
  void expectHead(boolean head) {
    this.head = head;
  }

  @Override
  protected boolean isContentAlwaysEmpty(HttpMessage msg) {
    return head || super.isContentAlwaysEmpty(msg);
  }
}
