package dev.harness.engine.run;

import dev.harness.engine.model.Template;
import dev.harness.engine.result.Outcome;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.regex.Pattern;

/**
 * One message in flight on a WebSocket ({@link WsSocket}): the worker's request becomes a text
 * frame rendered from the run's message template, and the slot waits for the first frame on its
 * socket that meets its expectation. A socket has as many of these as it allows messages in flight.
 *
 * <p>Thread contract: owned by one worker's event loop; not thread-safe.
 */
final class WsSlot extends Slot implements Template.Values {
  final WsSocket socket;

  /** The arrival's number in the run, for {@code ${counter}}. */
  long counter;

  /** The exact reply awaited, when {@link #pattern} is null. */
  String expectText;

  /** The regular expression the reply must match, or null for an exact reply. */
  Pattern pattern;

  /** Chat: the text sent, by which its copies are known. */
  String text;

  /** Chat: copies still to be received by the other members of the room. */
  int receiptsLeft;

  WsSlot(WsSocket socket) {
    this.socket = socket;
  }

  /** The worker's request bytes are HTTP; the message is rendered at {@link #send} instead. */
  @Override
  ByteBuf fixedRequest(ByteBuf[] fixed, int name) {
    return Unpooled.EMPTY_BUFFER;
  }

  @Override
  void send(ByteBuf request, boolean head, boolean capture) {
    socket.send(this);
  }

  @Override
  String connectionId() {
    return socket.channel == null ? "-" : socket.channel.id().asShortText();
  }

  @Override
  void fail(Outcome outcome) {
    socket.failOne(this, outcome);
  }

  /** Whether {@code text} is the reply this message waits for. */
  boolean matches(String text) {
    return pattern == null ? expectText.equals(text) : pattern.matcher(text).matches();
  }

  @Override
  public String variable(String name) {
    return null;
  }

  @Override
  public long counter() {
    return counter;
  }
}
