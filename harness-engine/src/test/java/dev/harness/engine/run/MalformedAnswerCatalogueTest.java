package dev.harness.engine.run;

import static dev.harness.engine.testkit.Specs.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.model.LoadModel;
import dev.harness.engine.model.Phase;
import dev.harness.engine.model.RateProfile;
import dev.harness.engine.result.ErrorReason;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.result.Stats;
import dev.harness.engine.testkit.Specs;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Thirty kinds of broken answer from a raw server on a real loopback socket. On every other
 * connection the broken answer is the first, on the others it follows two good ones. Whatever the
 * kind, every arrival ends in exactly one outcome (requests = sum of outcomes), the broken ones in
 * the kind's named outcome, protocol errors with their reason, and the run goes on.
 */
class MalformedAnswerCatalogueTest {
  private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

  /** What the server does instead of a good answer. */
  interface Broken {
    void answer(OutputStream out, Socket s) throws IOException, InterruptedException;
  }

  record Kind(String name, Outcome outcome, String reason, Broken broken) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Kind bytes(String name, Outcome outcome, String reason, String answer) {
    return new Kind(
        name, outcome, reason, (out, s) -> out.write(answer.getBytes(StandardCharsets.ISO_8859_1)));
  }

  /** Writes {@code answer}, then closes the connection. */
  private static Kind closing(String name, Outcome outcome, String reason, String answer) {
    return new Kind(
        name,
        outcome,
        reason,
        (out, s) -> {
          out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
          s.shutdownOutput();
        });
  }

  static Stream<Kind> kinds() {
    Outcome pe = Outcome.PROTOCOL_ERROR;
    String longLine = "HTTP/1.1 200 " + "x".repeat(5000) + "\r\n\r\n";
    String hugeHeaders =
        "HTTP/1.1 200 OK\r\n" + "X-Pad: 0123456789012345678901234567890123456789\r\n".repeat(500);
    return Stream.of(
        bytes("not HTTP", pe, "not an HTTP/1.x status line", "THIS IS NOT HTTP\r\n\r\n"),
        bytes("HTTP/2.0 status line", pe, "not an HTTP/1.x status line", "HTTP/2.0 200 OK\r\n\r\n"),
        bytes(
            "letters in the status", pe, "not an HTTP/1.x status line", "HTTP/1.1 2x0 OK\r\n\r\n"),
        bytes("status below 100", pe, "not an HTTP/1.x status line", "HTTP/1.1 099 X\r\n\r\n"),
        bytes("NUL bytes", pe, "not an HTTP/1.x status line", "\u0000\u0000\u0000HTTP\r\n\r\n"),
        bytes(
            "status 600",
            pe,
            "status 600 outside 200-599",
            "HTTP/1.1 600 X\r\nContent-Length: 0\r\n\r\n"),
        bytes("101 to a GET", pe, "status 101 outside 200-599", "HTTP/1.1 101 Switching\r\n\r\n"),
        bytes("status line too long", pe, "status line longer than", longLine),
        bytes(
            "header without colon",
            pe,
            "header line without a colon",
            "HTTP/1.1 200 OK\r\nNoColon\r\n\r\n"),
        bytes(
            "header without name",
            pe,
            "header line without a name",
            "HTTP/1.1 200 OK\r\n: x\r\n\r\n"),
        bytes(
            "negative Content-Length",
            pe,
            "bad Content-Length",
            "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n"),
        bytes(
            "letters in Content-Length",
            pe,
            "bad Content-Length",
            "HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n"),
        bytes(
            "two Content-Lengths",
            pe,
            "bad Content-Length",
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok"),
        bytes(
            "Content-Length beyond a long",
            pe,
            "bad Content-Length",
            "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n"),
        bytes("header section too long", pe, "header section longer than", hugeHeaders),
        bytes(
            "bad chunk size",
            pe,
            "bad chunk size",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
        bytes(
            "no line end after a chunk",
            pe,
            "no line end after a chunk",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokX\r\n"),
        bytes(
            "chunk size line too long",
            pe,
            "chunk size line longer than",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;" + "e".repeat(5000) + "\r\n"),
        bytes(
            "trailers too long",
            pe,
            "trailer section longer than",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n"
                + "T: 0123456789\r\n".repeat(2000)),
        bytes(
            "endless 100 Continue",
            pe,
            "interim (1xx) answers",
            "HTTP/1.1 100 Continue\r\n\r\n".repeat(100)),
        closing(
            "closed inside the headers",
            pe,
            "connection closed inside an answer's headers",
            "HTTP/1.1 200 OK\r\nContent-Le"),
        closing("closed inside the status line", Outcome.RESET, null, "HTTP/1.1 2"),
        closing("closed before any answer", Outcome.RESET, null, ""),
        closing(
            "body shorter than Content-Length, closed",
            Outcome.RESET,
            null,
            "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf"),
        closing(
            "chunked body cut, closed",
            Outcome.RESET,
            null,
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel"),
        new Kind(
            "reset (RST)",
            Outcome.RESET,
            null,
            (out, s) -> {
              s.setSoLinger(true, 0);
              s.close();
            }),
        bytes(
            "body shorter than Content-Length, kept open",
            Outcome.TIMEOUT,
            null,
            "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf"),
        bytes("no answer at all", Outcome.TIMEOUT, null, ""),
        bytes("unfinished status line", Outcome.TIMEOUT, null, "HTTP/1.1 200 OK"),
        bytes("two answers to one request", Outcome.S2XX, ResponseDecoder.UNSOLICITED, OK + OK),
        new Kind(
            "an answer 50 ms late, after its request's",
            Outcome.S2XX,
            ResponseDecoder.UNSOLICITED,
            (out, s) -> {
              out.write(OK.getBytes(StandardCharsets.ISO_8859_1));
              out.flush();
              Thread.sleep(50);
              out.write(OK.getBytes(StandardCharsets.ISO_8859_1));
            }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void everyBrokenAnswerEndsInItsNamedOutcome(Kind kind) throws Exception {
    AtomicInteger connections = new AtomicInteger();
    try (RawServer server =
        new RawServer(
            (in, s) -> {
              // Even connections: broken from the start. Odd ones: after two good answers.
              int good = connections.getAndIncrement() % 2 == 0 ? 0 : 2;
              OutputStream out = s.getOutputStream();
              for (int n = 0; RawServer.readRequest(in); n++) {
                if (n < good) {
                  out.write(OK.getBytes(StandardCharsets.ISO_8859_1));
                  out.flush();
                  continue;
                }
                kind.broken().answer(out, s);
                out.flush();
                if (s.isClosed() || s.isOutputShutdown()) {
                  return;
                }
                if (kind.outcome() == Outcome.S2XX) {
                  // A stray answer: the server goes on answering, so a request the stray was
                  // read as has its own answer arrive while none is in flight.
                  good = Integer.MAX_VALUE;
                  continue;
                }
                // The connection is left as the broken answer left it: the client decides.
                while (RawServer.readRequest(in)) {
                  // requests after a broken answer get nothing
                }
                return;
              }
            })) {
      RunResult r =
          Runs.run(
              Specs.spec(
                  server.url(),
                  LoadModel.OPEN,
                  List.of(new Phase("main", SECOND, new RateProfile.Constant(20), false)),
                  1,
                  8,
                  SECOND / 2));
      Stats m = r.measured();
      String where = kind + ": " + m.outcomes().asMap() + " " + r.errorReasons();
      assertEquals(20, m.scheduled(), where);
      assertEquals(m.scheduled(), m.requests(), "every arrival in exactly one outcome; " + where);
      Set<Outcome> allowed = EnumSet.of(Outcome.S2XX, kind.outcome());
      for (Outcome o : Outcome.values()) {
        if (!allowed.contains(o)) {
          assertEquals(0, m.outcomes().get(o), o.label() + " is not this kind's; " + where);
        }
      }
      if (kind.outcome() != Outcome.S2XX) {
        assertTrue(m.outcomes().get(kind.outcome()) > 0, "named outcome counted; " + where);
      }
      if (kind.reason() != null) {
        assertTrue(
            r.errorReasons().stream()
                .map(ErrorReason::reason)
                .anyMatch(reason -> reason.contains(kind.reason())),
            "the reason is kept; " + where);
      }
    }
  }
}
