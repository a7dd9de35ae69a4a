package dev.harness.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.model.Answer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The response parser byte by byte, on an {@link EmbeddedChannel}: what it hands its listener for
 * each shape of answer, however the bytes are split, and which inputs are protocol errors. Every
 * buffer fed in is checked to be released by the end.
 */
class ResponseDecoderTest {

  private static final String NGINX =
      "HTTP/1.1 200 OK\r\n"
          + "Server: nginx/1.22.1\r\n"
          + "Date: Sun, 23 Nov 2025 13:16:33 GMT\r\n"
          + "Content-Type: text/plain\r\n"
          + "Content-Length: 2\r\n"
          + "Connection: keep-alive\r\n"
          + "\r\n"
          + "ok";

  private static final String CHUNKED =
      "HTTP/1.1 201 Created\r\n"
          + "Transfer-Encoding: chunked\r\n"
          + "X-Id: 42\r\n"
          + "\r\n"
          + "5;name=\"value\"\r\n"
          + "hello\r\n"
          + "1 ; ext\r\n"
          + " \r\n"
          + "A\r\n"
          + "0123456789\r\n"
          + "0\r\n"
          + "X-Trailer: t\r\n"
          + "Another: one\r\n"
          + "\r\n";

  /** What the listener was told, in order. */
  private static final class Events implements ResponseDecoder.Listener {
    final List<String> seen = new ArrayList<>();
    final List<Answer> answers = new ArrayList<>();
    final List<String> reasons = new ArrayList<>();
    ResponseDecoder decoder;

    /** Whether each answer is followed by a new request (as a flow's next step would be). */
    boolean askAgain;

    boolean captureAgain;

    @Override
    public void answer(int status, boolean keepAlive, Answer answer) {
      seen.add(status + (keepAlive ? " keep-alive" : " close"));
      answers.add(answer);
      if (askAgain) {
        decoder.expect(false, captureAgain);
      }
    }

    @Override
    public void protocolError(String reason) {
      seen.add("protocol error");
      reasons.add(reason);
    }
  }

  /** A channel with a parser and its listener, and the buffers fed to it. */
  private static final class Wire implements AutoCloseable {
    final Events events = new Events();
    final ResponseDecoder decoder = new ResponseDecoder();
    final EmbeddedChannel channel;
    final List<ByteBuf> fed = new ArrayList<>();

    Wire() {
      decoder.listener(events);
      events.decoder = decoder;
      channel = new EmbeddedChannel(decoder);
    }

    Wire expect(boolean head, boolean capture) {
      decoder.expect(head, capture);
      return this;
    }

    Wire feed(byte[] bytes, int from, int to) {
      ByteBuf b = Unpooled.directBuffer(to - from).writeBytes(bytes, from, to - from);
      fed.add(b);
      channel.writeInbound(b);
      return this;
    }

    Wire feed(String text) {
      byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
      return feed(b, 0, b.length);
    }

    Wire feedByteByByte(String text) {
      byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
      for (int i = 0; i < b.length; i++) {
        feed(b, i, i + 1);
      }
      return this;
    }

    /** The server closes the connection. */
    Wire serverCloses() {
      channel.finish();
      return this;
    }

    List<String> seen() {
      return events.seen;
    }

    Answer answer() {
      assertEquals(1, events.answers.size(), "one answer: " + events.seen);
      return events.answers.get(0);
    }

    @Override
    public void close() {
      channel.finishAndReleaseAll();
      assertTrue(channel.inboundMessages().isEmpty(), "the parser passes nothing on");
      for (ByteBuf b : fed) {
        assertEquals(0, b.refCnt(), "every buffer fed in is released");
      }
    }
  }

  private static String text(Answer a) {
    return a.text();
  }

  // ---- shapes, however split --------------------------------------------------------------------

  @Test
  void readsAContentLengthAnswerWholeByteByByteAndSplitAnywhere() {
    byte[] bytes = NGINX.getBytes(StandardCharsets.US_ASCII);
    for (int split = 0; split <= bytes.length; split++) {
      try (Wire w = new Wire().expect(false, false)) {
        w.feed(bytes, 0, split).feed(bytes, split, bytes.length);
        assertEquals(List.of("200 keep-alive"), w.seen(), "split at byte " + split);
        assertNull(w.answer(), "nothing captured unless asked");
      }
    }
    try (Wire w = new Wire().expect(false, false)) {
      w.feedByteByByte(NGINX);
      assertEquals(List.of("200 keep-alive"), w.seen(), "one byte at a time");
      w.expect(false, false).feedByteByByte(NGINX);
      assertEquals(List.of("200 keep-alive", "200 keep-alive"), w.seen(), "and again");
    }
  }

  @Test
  void readsAChunkedBodyWithExtensionsAndTrailersSplitAnywhere() {
    byte[] bytes = CHUNKED.getBytes(StandardCharsets.US_ASCII);
    for (int split = 0; split <= bytes.length; split++) {
      try (Wire w = new Wire().expect(false, true)) {
        w.feed(bytes, 0, split).feed(bytes, split, bytes.length);
        assertEquals(List.of("201 keep-alive"), w.seen(), "split at byte " + split);
        assertEquals("hello 0123456789", text(w.answer()), "split at byte " + split);
        assertEquals("42", w.answer().header("x-id"), "split at byte " + split);
        assertNull(w.answer().header("X-Trailer"), "trailers are not headers");
      }
    }
    try (Wire w = new Wire().expect(false, true)) {
      w.feedByteByByte(CHUNKED);
      assertEquals(List.of("201 keep-alive"), w.seen(), "one byte at a time");
      assertEquals("hello 0123456789", text(w.answer()));
    }
  }

  @Test
  void skipsInterimAnswersAndReadsTheFinalOne() {
    String answers =
        "HTTP/1.1 100 Continue\r\n\r\n"
            + "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
            + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Final: yes\r\n\r\nok";
    try (Wire w = new Wire().expect(false, true)) {
      w.feed(answers);
      assertEquals(List.of("200 keep-alive"), w.seen(), "the final answer only");
      assertEquals("yes", w.answer().header("X-Final"));
      assertNull(w.answer().header("Link"), "an interim answer's headers are not the final's");
    }
    try (Wire w = new Wire().expect(false, false)) {
      w.feedByteByByte(answers);
      assertEquals(List.of("200 keep-alive"), w.seen(), "one byte at a time");
    }
  }

  @Test
  void readsAnswersBackToBackWhenEachWasAskedFor() {
    try (Wire w = new Wire().expect(false, false)) {
      w.events.askAgain = true;
      w.feed(NGINX);
      w.feed(CHUNKED + "\r\n");
      w.feed(NGINX);
      assertEquals(
          List.of("200 keep-alive", "201 keep-alive", "200 keep-alive"),
          w.seen(),
          "three answers, each read after its request, a stray line end between two");
    }
  }

  @Test
  void answersReadBeforeTheNextRequestWasWrittenAreNotItsAnswer() {
    // Bytes read together with an answer were sent before the next request existed: a second
    // answer to one request. The connection ends after the first, and nothing is credited to the
    // request the listener sent from inside its answer.
    try (Wire w = new Wire().expect(false, false)) {
      w.events.askAgain = true;
      w.feed(NGINX + CHUNKED + "\r\n" + NGINX);
      assertEquals(List.of("200 close", "protocol error"), w.seen(), "one read");
    }
  }

  @Test
  void anAnswerNobodyAskedForIsAProtocolError() {
    try (Wire w = new Wire()) {
      w.feed(NGINX);
      assertEquals(List.of("protocol error"), w.seen(), "no request in flight");
    }
    try (Wire w = new Wire().expect(false, false)) {
      w.feed(NGINX + NGINX + NGINX);
      assertEquals(
          List.of("200 close", "protocol error"),
          w.seen(),
          "a second answer to one request, and nothing read after it");
    }
    try (Wire w = new Wire()) {
      w.feed("\r\n\r\n");
      assertEquals(List.of(), w.seen(), "a stray line end is no answer");
    }
    try (Wire w = new Wire()) {
      w.feed("HTTP/1.1 100 Continue\r\n\r\n");
      assertEquals(List.of("protocol error"), w.seen(), "nor is an interim answer asked for");
    }
  }

  @Test
  void http10ClosesUnlessItAsksForKeepAlive() {
    try (Wire w = new Wire().expect(false, false)) {
      w.feed("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok");
      assertEquals(List.of("200 close"), w.seen(), "HTTP/1.0 closes by default");
    }
    try (Wire w = new Wire().expect(false, false)) {
      w.feed("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\nok");
      assertEquals(List.of("200 keep-alive"), w.seen(), "HTTP/1.0 with keep-alive asked");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"close", "Close", "CLOSE", "keep-alive, close", " upgrade ,close "})
  void connectionCloseEndsKeepAliveAndTheRestIsIgnored(String value) {
    try (Wire w = new Wire().expect(false, false)) {
      w.events.askAgain = true;
      w.feed("HTTP/1.1 200 OK\r\nconnection: " + value + "\r\nContent-Length: 2\r\n\r\nok");
      w.feed("garbage after the last answer");
      assertEquals(List.of("200 close"), w.seen(), "Connection: " + value);
    }
  }

  @Test
  void anAnswerToHeadHasNoBodyWhateverItsContentLength() {
    try (Wire w = new Wire().expect(true, true)) {
      w.events.askAgain = true;
      w.events.captureAgain = true;
      w.feed("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n");
      w.feed(NGINX);
      assertEquals(
          List.of("200 keep-alive", "200 keep-alive"),
          w.seen(),
          "the HEAD's answer ends with its headers; the next answer follows at once");
      assertEquals("", text(w.events.answers.get(0)), "no body");
      assertEquals("1234", w.events.answers.get(0).header("content-length"));
      assertEquals("ok", text(w.events.answers.get(1)));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {204, 304})
  void noContentAndNotModifiedHaveNoBody(int status) {
    try (Wire w = new Wire().expect(false, false)) {
      w.events.askAgain = true;
      w.feed("HTTP/1.1 " + status + " X\r\nContent-Length: 99\r\n\r\n");
      w.feed(NGINX);
      assertEquals(List.of(status + " keep-alive", "200 keep-alive"), w.seen());
    }
  }

  @Test
  void aBodyWithNeitherLengthNorChunkedEndsWithTheConnection() {
    try (Wire w = new Wire().expect(false, true)) {
      w.feed("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil");
      w.feed(" the end");
      assertEquals(List.of(), w.seen(), "not over while the connection is open");
      w.serverCloses();
      assertEquals(List.of("200 close"), w.seen(), "over when it closes, and not kept alive");
      assertEquals("until the end", text(w.answer()));
    }
    try (Wire w = new Wire().expect(false, false)) {
      w.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nContent-Length: 3\r\n\r\nabcdef");
      w.serverCloses();
      assertEquals(List.of("200 close"), w.seen(), "a coding other than chunked: until close");
    }
  }

  @Test
  void capturedHeadersAreLookedUpIgnoringCaseFirstValueFirst() {
    try (Wire w = new Wire().expect(false, true)) {
      w.feed(
          "HTTP/1.1 200 OK\r\n"
              + "Set-Cookie: a=1\r\n"
              + "set-cookie: b=2\r\n"
              + "X-Spaced :   padded value  \r\n"
              + "X-Empty:\r\n"
              + "X-Folded: first\r\n"
              + "  second\r\n"
              + "Content-Length: 4\r\n"
              + "\r\n"
              + "{\"a\"");
      Answer a = w.answer();
      assertEquals(200, a.status());
      assertEquals("a=1", a.header("SET-COOKIE"), "the first of two, any case");
      assertEquals("padded value", a.header("x-spaced"), "blanks around name and value go");
      assertEquals("", a.header("X-Empty"));
      assertEquals("first second", a.header("x-folded"), "a folded line goes on the value");
      assertNull(a.header("X-Missing"));
      assertEquals("{\"a\"", a.text());
    }
  }

  @Test
  void aCapturedBodyIsCutAtOneMebibyte() {
    int length = AnswerCapture.MAX_CAPTURE + 1000;
    byte[] body = new byte[length];
    Arrays.fill(body, (byte) 'x');
    byte[] head =
        ("HTTP/1.1 200 OK\r\nContent-Length: " + length + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    for (String shape : List.of("whole", "in reads")) {
      try (Wire w = new Wire().expect(false, true)) {
        w.feed(head, 0, head.length);
        if (shape.equals("whole")) {
          w.feed(body, 0, length);
        } else {
          for (int i = 0; i < length; i += 65_536) {
            w.feed(body, i, Math.min(length, i + 65_536));
          }
        }
        assertEquals(List.of("200 keep-alive"), w.seen(), shape);
        assertEquals(AnswerCapture.MAX_CAPTURE, w.answer().text().length(), shape);
      }
    }
    try (Wire w = new Wire().expect(false, true)) {
      w.feed(new String(head, StandardCharsets.US_ASCII).replace("Content-Length: ", "X-L: "));
      w.feed(body, 0, length);
      w.serverCloses();
      assertEquals(AnswerCapture.MAX_CAPTURE, w.answer().text().length(), "until close");
    }
  }

  @Test
  void lineEndsMayBeBareLineFeeds() {
    try (Wire w = new Wire().expect(false, true)) {
      w.feed("HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n2\nok\n0\n\n");
      assertEquals(List.of("200 keep-alive"), w.seen());
      assertEquals("ok", text(w.answer()));
    }
  }

  // ---- protocol errors --------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        "THIS IS NOT HTTP\r\n\r\n",
        "HTTP/2 200 OK\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 20 OK\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 2000 OK\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 abc OK\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 099 Low\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1200 OK\r\nContent-Length: 0\r\n\r\n",
        "http/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 12a\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\n\r\nok",
        "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok",
        "HTTP/1.1 200 OK\r\nNo colon here\r\n\r\n",
        "HTTP/1.1 200 OK\r\n: no name\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n;ext\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5 x\r\nhello\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1000000000000000\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokXX\r\n0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\rX0\r\n\r\n",
      })
  void malformedAnswersAreProtocolErrors(String answer) {
    try (Wire w = new Wire().expect(false, false)) {
      w.feed(answer);
      w.feed(NGINX); // whatever follows is not read
      assertEquals(List.of("protocol error"), w.seen(), answer);
    }
    try (Wire w = new Wire().expect(false, false)) {
      w.feedByteByByte(answer + NGINX);
      assertEquals(List.of("protocol error"), w.seen(), "one byte at a time: " + answer);
    }
  }

  @Test
  void aStatusLineOverTheLimitIsAProtocolError() {
    String longest = "HTTP/1.1 200 " + "x".repeat(ResponseDecoder.MAX_INITIAL_LINE - 13);
    try (Wire w = new Wire().expect(false, false)) {
      w.feed(longest + "\r\nContent-Length: 0\r\n\r\n");
      assertEquals(List.of("200 keep-alive"), w.seen(), "a status line at the limit");
    }
    try (Wire w = new Wire().expect(false, false)) {
      w.feed(longest + "x\r\nContent-Length: 0\r\n\r\n");
      assertEquals(List.of("protocol error"), w.seen(), "one byte over");
    }
    try (Wire w = new Wire().expect(false, false)) {
      w.feed(longest);
      w.feed("xx");
      assertEquals(List.of("protocol error"), w.seen(), "over, before its line end arrives");
    }
  }

  @Test
  void aHeaderSectionOverTheLimitIsAProtocolError() {
    String line = "X-Filler: " + "f".repeat(88) + "\r\n"; // 100 bytes
    int lines = ResponseDecoder.MAX_HEADER_BYTES / 100 - 1;
    String end = "Content-Length: 0\r\n\r\n";
    String fits =
        line.repeat(lines)
            + "X-Last: "
            + "l".repeat(ResponseDecoder.MAX_HEADER_BYTES - 100 * lines - 10 - end.length())
            + "\r\n"
            + end;
    assertEquals(ResponseDecoder.MAX_HEADER_BYTES, fits.length(), "the test's own arithmetic");
    try (Wire w = new Wire().expect(false, false)) {
      w.feed("HTTP/1.1 200 OK\r\n" + fits);
      assertEquals(List.of("200 keep-alive"), w.seen(), "a header section at the limit");
    }
    try (Wire w = new Wire().expect(false, false)) {
      w.feed("HTTP/1.1 200 OK\r\nX: y\r\n" + fits);
      assertEquals(List.of("protocol error"), w.seen(), "six bytes over");
    }
    try (Wire w = new Wire().expect(false, false)) {
      w.feed("HTTP/1.1 200 OK\r\n");
      for (int i = 0; i < 200 && w.seen().isEmpty(); i++) {
        w.feed(line);
      }
      assertEquals(List.of("protocol error"), w.seen(), "headers that never end");
    }
    try (Wire w = new Wire().expect(false, false)) {
      w.feed("HTTP/1.1 200 OK\r\nX-Endless: ");
      for (int i = 0; i < 200 && w.seen().isEmpty(); i++) {
        w.feed("e".repeat(100));
      }
      assertEquals(List.of("protocol error"), w.seen(), "a header line that never ends");
    }
  }

  @Test
  void aConnectionClosedInsideTheHeadersIsAProtocolErrorElsewhereTheCloseSpeaks() {
    try (Wire w = new Wire().expect(false, false)) {
      w.feed("HTTP/1.1 200 OK\r\nContent-Len").serverCloses();
      assertEquals(List.of("protocol error"), w.seen(), "closed inside the headers");
    }
    for (String truncated :
        List.of(
            "",
            "HTTP/1.1 20",
            "HTTP/1.1 100 Continue\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-Trailer: t\r\n")) {
      try (Wire w = new Wire().expect(false, false)) {
        w.feed(truncated).serverCloses();
        assertEquals(
            List.of(), w.seen(), "the close itself (a reset) is the news: '" + truncated + "'");
      }
    }
  }

  @Test
  void anEndlessStreamOfInterimAnswersIsTheTargetsProtocolError() {
    try (Wire w = new Wire().expect(false, false)) {
      for (int i = 0; i < 100 && w.seen().isEmpty(); i++) {
        w.feed("HTTP/1.1 100 Continue\r\n\r\n");
      }
      assertEquals(List.of("protocol error"), w.seen(), "not a request forever in flight");
      assertEquals(
          List.of(
              "more than " + ResponseDecoder.MAX_INTERIM + " interim (1xx) answers to one request"),
          w.events.reasons);
    }
    try (Wire w = new Wire().expect(false, false)) {
      w.feed("HTTP/1.1 103 Early Hints\r\n\r\n".repeat(ResponseDecoder.MAX_INTERIM) + NGINX);
      assertEquals(List.of("200 keep-alive"), w.seen(), "up to the cap, the final answer counts");
    }
  }

  @Test
  void aSwitchingProtocolsAnswerIsFinalAndEndsTheConnection() {
    try (Wire w = new Wire().expect(false, false)) {
      w.feed("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\u0081\u0002hi");
      assertEquals(List.of("101 close"), w.seen());
    }
  }

  @Test
  void anAbandonedParserIgnoresItsInput() {
    try (Wire w = new Wire().expect(false, false)) {
      w.feed("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nha");
      w.decoder.abandon(); // the request timed out
      w.feed("lf" + NGINX);
      w.serverCloses();
      assertEquals(List.of(), w.seen());
    }
  }

  @Test
  void headerBytesAreNotMisreadAsFramingHeaders() {
    try (Wire w = new Wire().expect(false, true)) {
      w.feed(
          "HTTP/1.1 200 OK\r\n"
              + "Content-Lengths: 5\r\n"
              + "Content\rLength: 7\r\n"
              + "Xonnection: close\r\n"
              + "Transfer-Encoding-Other: chunked\r\n"
              + "Content-Length: 2\r\n"
              + "\r\n"
              + "ok");
      assertEquals(List.of("200 keep-alive"), w.seen());
      assertEquals("ok", text(w.answer()), "the body by the real Content-Length");
    }
  }
}
