package dev.harness.engine.run;

import dev.harness.engine.model.Answer;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a {@link ResponseDecoder} keeps an answer's headers and body when the request in flight
 * captures it (a flow step with checks or extractions): headers by name to their first value, names
 * compared ignoring case, and the body up to {@link #MAX_CAPTURE} bytes. Answers that are not
 * captured never touch it, so they allocate nothing.
 *
 * <p>Thread contract: owned by one connection's decoder, on its event loop; not thread-safe.
 */
final class AnswerCapture {
  /** Bodies kept for checks are cut here: checks and extractions read the start of an answer. */
  static final int MAX_CAPTURE = 1 << 20;

  private Map<String, String> headers;
  private String lastName;
  private byte[] body;
  private int bodyLength;

  /** A new answer's header section starts; its headers are kept if {@code keep}. */
  void startHeaders(boolean keep) {
    lastName = null;
    headers = keep ? new TreeMap<>(String.CASE_INSENSITIVE_ORDER) : null;
  }

  /** Whether headers are being kept: only then does the decoder make strings of them. */
  boolean keepsHeaders() {
    return headers != null;
  }

  void header(String name, String value) {
    lastName = name;
    headers.putIfAbsent(name, value);
  }

  /** An obsolete line folding: the value of the previous header goes on. */
  void fold(String more) {
    if (lastName != null) {
      headers.computeIfPresent(lastName, (n, v) -> v.isEmpty() ? more : v + ' ' + more);
    }
  }

  /** A body of {@code length} bytes (0 when unknown) follows. */
  void startBody(long length) {
    body = new byte[(int) Math.min(MAX_CAPTURE, length > 0 ? length : 256)];
    bodyLength = 0;
  }

  /** Copies the next {@code n} body bytes at {@code in}'s reader index, up to the cut. */
  void copy(ByteBuf in, int n) {
    if (body != null && bodyLength < MAX_CAPTURE) {
      int keep = Math.min(n, MAX_CAPTURE - bodyLength);
      if (bodyLength + keep > body.length) {
        body =
            Arrays.copyOf(
                body, Math.min(MAX_CAPTURE, Math.max(bodyLength + keep, 2 * body.length)));
      }
      in.getBytes(in.readerIndex(), body, bodyLength, keep);
      bodyLength += keep;
    }
  }

  /** The captured answer with status {@code code}. */
  Answer answer(int code) {
    Map<String, String> h = headers == null ? Map.of() : headers;
    byte[] b = body == null ? new byte[0] : body;
    return new Answer(
        code,
        name -> name == null ? null : h.get(name),
        b.length == bodyLength ? b : Arrays.copyOf(b, bodyLength));
  }

  /** Forgets the answer. */
  void clear() {
    headers = null;
    lastName = null;
    body = null;
    bodyLength = 0;
  }
}
