package dev.harness.engine.run;

import static dev.harness.engine.run.HttpBytes.chunkSize;
import static dev.harness.engine.run.HttpBytes.decimal;
import static dev.harness.engine.run.HttpBytes.is;
import static dev.harness.engine.run.HttpBytes.isBlank;
import static dev.harness.engine.run.HttpBytes.lower;
import static dev.harness.engine.run.HttpBytes.statusLine;
import static dev.harness.engine.run.HttpBytes.string;
import static dev.harness.engine.run.HttpBytes.trimEnd;
import static dev.harness.engine.run.HttpBytes.trimStart;

import dev.harness.engine.model.Answer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * The HTTP/1.1 response parser of one client connection. It reads the status line, then of the
 * headers only {@code Content-Length}, {@code Transfer-Encoding} and {@code Connection}, then skips
 * the body, and tells its {@link Listener} the status and whether the connection stays open.
 * Nothing is allocated per answer on that path: no header objects, no strings, no copies of the
 * body.
 *
 * <p>Only when the request in flight captures its answer (a flow step with checks or extractions,
 * see {@link #expect}) are the headers kept (name to first value, names compared ignoring case) and
 * the body copied, up to {@link AnswerCapture#MAX_CAPTURE} bytes, into the {@link Answer} handed
 * on.
 *
 * <p>Bodies: {@code Content-Length}; chunked (chunk extensions and trailers are skipped); none for
 * an answer to HEAD, for 204, 304 and 101; otherwise until the server closes. Interim answers (1xx
 * but 101) are skipped and the final answer follows. Keep-alive as in HTTP/1.1: {@code Connection:
 * close} ends it, HTTP/1.0 keeps it only with {@code Connection: keep-alive}, and an answer that
 * ends with the connection never keeps it.
 *
 * <p>Anything it cannot read is a protocol error, after which it ignores the connection's input: a
 * status line that is not {@code HTTP/1.x NNN}, a bad {@code Content-Length} or chunk size, a
 * status line over {@value #MAX_INITIAL_LINE} bytes or a header section over {@value
 * #MAX_HEADER_BYTES}, more than {@value #MAX_INTERIM} interim answers to one request, any answer
 * while no request is in flight (also one that follows another answer in the same read, before the
 * next request was written), and a connection closed inside an answer's headers. A connection
 * closed inside a body is not one: its close (a reset) says it.
 *
 * <p>Thread contract: used by its channel's event loop only; one request in flight at a time.
 */
final class ResponseDecoder extends ByteToMessageDecoder {

  /** Where the parser's results go: the connection. Called on the event loop. */
  interface Listener {
    /**
     * A final answer was read whole. The parser is ready for the next one before this is called, so
     * the next request may be sent (and {@link #expect} called) from here.
     *
     * @param answer the headers and body when the request captured them, else null
     */
    void answer(int status, boolean keepAlive, Answer answer);

    /** The input is not an answer this parser can read; the connection is of no further use. */
    void protocolError(String reason);
  }

  /** Longest status line, without its line end. */
  static final int MAX_INITIAL_LINE = 4096;

  /** Longest header section (or trailer section), line ends included. */
  static final int MAX_HEADER_BYTES = 16 * 1024;

  /**
   * Most interim (1xx) answers before one final answer. A target that sends them without end is
   * broken; without a cap its request would only look late, as if the generator had fallen behind.
   */
  static final int MAX_INTERIM = 16;

  static final String UNSOLICITED = "an answer while no request is in flight";

  private static final byte[] CONTENT_LENGTH = lower("content-length");
  private static final byte[] TRANSFER_ENCODING = lower("transfer-encoding");
  private static final byte[] CONNECTION = lower("connection");
  private static final byte[] CHUNKED = lower("chunked");
  private static final byte[] CLOSE = lower("close");
  private static final byte[] KEEP_ALIVE = lower("keep-alive");

  private enum State {
    STATUS_LINE,
    HEADERS,
    FIXED_BODY,
    CHUNK_SIZE,
    CHUNK_DATA,
    CHUNK_END,
    TRAILERS,
    UNTIL_CLOSE,
    /** After a protocol error or an answer that ends the connection: input is dropped. */
    DEAD
  }

  private Listener listener;
  private State state = State.STATUS_LINE;

  // ---- set by expect() for the request in flight
  private boolean awaiting;
  private boolean head;
  private boolean capture;
  private int interim;

  // ---- the answer being read
  private int status;
  private boolean http10;
  private boolean close;
  private boolean keepAliveToken;
  private boolean transferEncoding;
  private boolean chunked;
  private long contentLength;
  private int headerBytes;

  /** Body bytes still to come: of a Content-Length body, or of the current chunk. */
  private long remaining;

  /** The headers and body of a captured answer. */
  private final AnswerCapture kept = new AnswerCapture();

  /** Called once, by the connection that owns this parser, before the channel is registered. */
  void listener(Listener listener) {
    this.listener = listener;
  }

  /**
   * Prepares for the answer to the request about to be written (one request in flight per
   * connection).
   *
   * @param head whether the request is a HEAD, whose answer has headers but never a body
   * @param capture whether the answer's headers and body are handed on in an {@link Answer}
   */
  void expect(boolean head, boolean capture) {
    this.awaiting = true;
    this.head = head;
    this.capture = capture;
    this.interim = 0;
  }

  /** The connection is being given up (a timeout, a reset): ignore whatever else arrives. */
  void abandon() {
    state = State.DEAD;
    awaiting = false;
    kept.clear();
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (true) {
      switch (state) {
        case STATUS_LINE:
          if (!readStatusLine(in)) {
            return;
          }
          break;
        case HEADERS:
          if (!readHeaders(in)) {
            return;
          }
          break;
        case FIXED_BODY:
          readBody(in);
          if (remaining > 0) {
            return;
          }
          complete(in, keepAlive());
          break;
        case CHUNK_SIZE:
          if (!readChunkSize(in)) {
            return;
          }
          break;
        case CHUNK_DATA:
          readBody(in);
          if (remaining > 0) {
            return;
          }
          state = State.CHUNK_END;
          break;
        case CHUNK_END:
          if (!readChunkEnd(in)) {
            return;
          }
          break;
        case TRAILERS:
          if (!readTrailers(in)) {
            return;
          }
          break;
        case UNTIL_CLOSE:
          remaining = Long.MAX_VALUE;
          readBody(in);
          return;
        case DEAD:
        default:
          in.skipBytes(in.readableBytes());
          return;
      }
    }
  }

  @Override
  protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    // decode(...) has had what was left of the input: here the end of the input is the news.
    if (state == State.UNTIL_CLOSE) {
      complete(in, false);
    } else if (state == State.HEADERS) {
      fail("connection closed inside an answer's headers");
    }
    // Closed anywhere else (between answers, inside a status line or a body): the connection's
    // close fails the request in flight as a reset, as a close before any answer does.
  }

  // ---- status line and headers ---------------------------------------------------------------

  private boolean readStatusLine(ByteBuf in) {
    int r = in.readerIndex();
    int w = in.writerIndex();
    while (r < w && (in.getByte(r) & 0xFF) <= ' ') {
      r++; // line ends (and other blanks) before an answer, as some servers leave after a body
    }
    in.readerIndex(r);
    if (r == w) {
      return false;
    }
    if (!awaiting) {
      // An answer to nothing: read as the next request's, its latency and status would be false.
      fail(UNSOLICITED);
      return false;
    }
    int lf = in.indexOf(r, Math.min(w, r + MAX_INITIAL_LINE + 2), (byte) '\n');
    if (lf < 0) {
      if (w - r > MAX_INITIAL_LINE + 1) {
        fail("status line longer than " + MAX_INITIAL_LINE + " bytes");
      }
      return false;
    }
    int end = lf > r && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
    if (end - r > MAX_INITIAL_LINE) {
      fail("status line longer than " + MAX_INITIAL_LINE + " bytes");
      return false;
    }
    int line = statusLine(in, r, end);
    if (line < 0) {
      fail("not an HTTP/1.x status line");
      return false;
    }
    status = line >> 4;
    http10 = (line & 0xF) == 0;
    in.readerIndex(lf + 1);
    close = false;
    keepAliveToken = false;
    transferEncoding = false;
    chunked = false;
    contentLength = -1;
    headerBytes = 0;
    kept.startHeaders(capture);
    state = State.HEADERS;
    return true;
  }

  /**
   * Where the next line of the header or trailer section ends (its '\n'), counted into the
   * section's budget; -1 when more bytes are needed, or when the section outgrew the budget (then
   * the answer has failed).
   */
  private int nextLine(ByteBuf in, String section) {
    int r = in.readerIndex();
    int w = in.writerIndex();
    int limit = MAX_HEADER_BYTES - headerBytes;
    int lf = in.indexOf(r, Math.min(w, r + limit), (byte) '\n');
    if (lf < 0) {
      if (w - r >= limit) {
        fail(section + " section longer than " + MAX_HEADER_BYTES + " bytes");
      }
      return -1;
    }
    headerBytes += lf + 1 - r;
    return lf;
  }

  /** Reads header lines up to the empty one; false when more bytes are needed or on an error. */
  private boolean readHeaders(ByteBuf in) {
    while (true) {
      int r = in.readerIndex();
      int lf = nextLine(in, "header");
      if (lf < 0) {
        return false;
      }
      int end = lf > r && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
      in.readerIndex(lf + 1);
      if (end == r) {
        endOfHeaders(in);
        return state != State.DEAD;
      }
      if (!header(in, r, end)) {
        return false;
      }
    }
  }

  /** One header line; false after a protocol error. */
  private boolean header(ByteBuf in, int from, int end) {
    if (isBlank(in.getByte(from))) {
      // An obsolete line folding: the value of the previous header goes on (kept when captured).
      if (kept.keepsHeaders()) {
        int s = trimStart(in, from, end);
        kept.fold(string(in, s, trimEnd(in, s, end)));
      }
      return true;
    }
    int colon = in.indexOf(from, end, (byte) ':');
    if (colon < 0) {
      fail("header line without a colon");
      return false;
    }
    int nameEnd = trimEnd(in, from, colon);
    if (nameEnd == from) {
      fail("header line without a name");
      return false;
    }
    int valueFrom = trimStart(in, colon + 1, end);
    int valueEnd = trimEnd(in, valueFrom, end);
    int nameLength = nameEnd - from;
    if (nameLength == CONTENT_LENGTH.length && is(in, from, nameEnd, CONTENT_LENGTH)) {
      long n = decimal(in, valueFrom, valueEnd);
      if (n < 0 || (contentLength >= 0 && n != contentLength)) {
        fail("bad Content-Length");
        return false;
      }
      contentLength = n;
    } else if (nameLength == TRANSFER_ENCODING.length && is(in, from, nameEnd, TRANSFER_ENCODING)) {
      // Chunked when it is the last coding; any other last coding is read until the close.
      transferEncoding = true;
      int t = valueEnd;
      while (t > valueFrom && in.getByte(t - 1) != ',') {
        t--;
      }
      chunked = is(in, trimStart(in, t, valueEnd), valueEnd, CHUNKED);
    } else if (nameLength == CONNECTION.length && is(in, from, nameEnd, CONNECTION)) {
      connectionTokens(in, valueFrom, valueEnd);
    }
    if (kept.keepsHeaders()) {
      kept.header(string(in, from, nameEnd), string(in, valueFrom, valueEnd));
    }
    return true;
  }

  private void connectionTokens(ByteBuf in, int from, int end) {
    int t = from;
    while (t < end) {
      int comma = in.indexOf(t, end, (byte) ',');
      int tokenEnd = comma < 0 ? end : comma;
      int s = trimStart(in, t, tokenEnd);
      int e = trimEnd(in, s, tokenEnd);
      if (is(in, s, e, CLOSE)) {
        close = true;
      } else if (is(in, s, e, KEEP_ALIVE)) {
        keepAliveToken = true;
      }
      t = tokenEnd + 1;
    }
  }

  private void endOfHeaders(ByteBuf in) {
    if (status < 200 && status != 101) {
      // An interim answer (100 Continue, 103 Early Hints): the final one follows.
      if (++interim > MAX_INTERIM) {
        fail("more than " + MAX_INTERIM + " interim (1xx) answers to one request");
        return;
      }
      state = State.STATUS_LINE;
      kept.clear();
      return;
    }
    if (head || status == 204 || status == 304 || status == 101) {
      complete(in, status != 101 && keepAlive());
    } else if (transferEncoding) {
      startBody(chunked ? State.CHUNK_SIZE : State.UNTIL_CLOSE, 0);
    } else if (contentLength == 0) {
      complete(in, keepAlive());
    } else if (contentLength > 0) {
      startBody(State.FIXED_BODY, contentLength);
    } else {
      startBody(State.UNTIL_CLOSE, 0);
    }
  }

  private boolean keepAlive() {
    return !close && (!http10 || keepAliveToken);
  }

  // ---- bodies --------------------------------------------------------------------------------

  private void startBody(State next, long length) {
    state = next;
    remaining = length;
    if (capture) {
      kept.startBody(length);
    }
  }

  /** Takes up to {@link #remaining} bytes, copying them when the answer is captured. */
  private void readBody(ByteBuf in) {
    int n = (int) Math.min(in.readableBytes(), remaining);
    if (n == 0) {
      return;
    }
    kept.copy(in, n);
    in.skipBytes(n);
    remaining -= n;
  }

  private boolean readChunkSize(ByteBuf in) {
    int r = in.readerIndex();
    int w = in.writerIndex();
    int lf = in.indexOf(r, Math.min(w, r + MAX_INITIAL_LINE + 2), (byte) '\n');
    if (lf < 0) {
      if (w - r > MAX_INITIAL_LINE + 1) {
        fail("chunk size line longer than " + MAX_INITIAL_LINE + " bytes");
      }
      return false;
    }
    int end = lf > r && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
    long size = chunkSize(in, r, end);
    if (size < 0) {
      fail("bad chunk size");
      return false;
    }
    in.readerIndex(lf + 1);
    if (size == 0) {
      headerBytes = 0;
      state = State.TRAILERS;
    } else {
      remaining = size;
      state = State.CHUNK_DATA;
    }
    return true;
  }

  /** The line end after a chunk's data. */
  private boolean readChunkEnd(ByteBuf in) {
    int n = HttpBytes.lineEnd(in);
    if (n <= 0) {
      if (n < 0) {
        fail("no line end after a chunk");
      }
      return false;
    }
    in.skipBytes(n);
    state = State.CHUNK_SIZE;
    return true;
  }

  /** Trailer lines after the last chunk, skipped, up to the empty line. */
  private boolean readTrailers(ByteBuf in) {
    while (true) {
      int r = in.readerIndex();
      int lf = nextLine(in, "trailer");
      if (lf < 0) {
        return false;
      }
      in.readerIndex(lf + 1);
      if (lf == r || (lf == r + 1 && in.getByte(r) == '\r')) {
        complete(in, keepAlive());
        return true;
      }
    }
  }

  // ---- ends ----------------------------------------------------------------------------------

  /**
   * The answer is whole: reset for the next one, then tell the listener. Bytes already read past
   * its end came before the next request was written: an answer to nothing (a second answer to one
   * request), so the connection ends after this answer and they are reported, never read as the
   * next request's answer.
   */
  private void complete(ByteBuf in, boolean keepAlive) {
    boolean more = keepAlive && HttpBytes.moreThanBlanks(in);
    int code = status;
    Answer answer = capture ? kept.answer(code) : null;
    awaiting = false;
    head = false;
    capture = false;
    kept.clear();
    state = keepAlive && !more ? State.STATUS_LINE : State.DEAD;
    listener.answer(code, keepAlive && !more, answer);
    if (more) {
      in.skipBytes(in.readableBytes());
      listener.protocolError(UNSOLICITED);
    }
  }

  private void fail(String reason) {
    abandon();
    listener.protocolError(reason);
  }
}
