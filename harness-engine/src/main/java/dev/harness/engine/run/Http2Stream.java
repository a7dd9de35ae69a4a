package dev.harness.engine.run;

import dev.harness.engine.model.Answer;
import dev.harness.engine.result.Outcome;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import java.util.Map;

/**
 * One {@link Slot} of an {@link Http2Connection}: room for one stream in flight. Each send opens a
 * new stream (a new id) on the connection, so one slot object serves request after request.
 *
 * <p>Thread contract: owned by one worker's event loop, like its connection; not thread-safe.
 */
final class Http2Stream extends Slot {
  final Http2Connection connection;

  /** The id of the stream in flight, or 0. */
  int id;

  /** The answer is complete (END_STREAM came); it is handed on when Netty closes the stream. */
  boolean ended;

  /** The request was already failed (timed out): the slot waits for its stream to close. */
  boolean reported;

  /** How the peer reset the stream (RST_STREAM came), or null. */
  Outcome outcome;

  /** The answer's status, once its headers came; 0 before. */
  int status;

  /** The fixed request last handed out by {@link #fixedRequest}, to find its converted form. */
  private ByteBuf lastFixed;

  private boolean capture;
  private AnswerCapture kept;

  Http2Stream(Http2Connection connection) {
    this.connection = connection;
  }

  @Override
  String connectionId() {
    return connection.channel.id().asShortText();
  }

  /** The buffer itself: it is never written, only looked up (and converted once per name). */
  @Override
  ByteBuf fixedRequest(ByteBuf[] fixed, int name) {
    lastFixed = fixed[name];
    return lastFixed;
  }

  @Override
  void send(ByteBuf request, boolean head, boolean capture) {
    this.capture = capture;
    this.status = 0;
    this.ended = false;
    this.reported = false;
    this.outcome = null;
    Http2Request r =
        request == lastFixed
            ? connection.pool.fixed(request, name)
            : Http2Request.of(request, connection.pool.scheme);
    lastFixed = null;
    connection.send(this, r);
  }

  @Override
  void fail(Outcome outcome) {
    connection.cancel(this, outcome);
  }

  /** The answer's (first final) header block. */
  void headers(Http2Headers headers, boolean endStream) {
    if (status != 0) {
      return; // trailers
    }
    int code;
    try {
      // The decoder's AsciiString parses without making a String per answer.
      code = headers.status() == null ? -1 : AsciiString.of(headers.status()).parseInt();
    } catch (NumberFormatException e) {
      code = -1;
    }
    if (code >= 100 && code < 200 && !endStream) {
      return; // an interim answer: the final one follows
    }
    status = code;
    if (capture) {
      if (kept == null) {
        kept = new AnswerCapture();
      }
      kept.startHeaders(true);
      for (Map.Entry<CharSequence, CharSequence> h : headers) {
        if (h.getKey().length() > 0 && h.getKey().charAt(0) != ':') {
          kept.header(h.getKey().toString(), h.getValue().toString());
        }
      }
      CharSequence length = headers.get("content-length");
      long n;
      try {
        n = length == null ? 0 : Long.parseLong(length.toString());
      } catch (NumberFormatException e) {
        n = 0;
      }
      kept.startBody(n);
    }
  }

  /** A piece of the answer's body. */
  void data(ByteBuf data) {
    if (capture && kept != null) {
      kept.copy(data, data.readableBytes());
    }
  }

  /** The answer as checks and extractions see it, when captured; else null. */
  Answer answer() {
    if (!capture || kept == null) {
      return null;
    }
    Answer a = kept.answer(status);
    kept.clear();
    return a;
  }
}
