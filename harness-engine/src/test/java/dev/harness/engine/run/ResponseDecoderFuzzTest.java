package dev.harness.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.harness.engine.model.Answer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The response parser fed random and mutated answers, split at random places: whatever comes, it
 * never throws, never loops (the test's timeout), never keeps a buffer, tells its listener at most
 * one final answer per request and nothing after a protocol error, and every case ends in an
 * outcome (an answer, a protocol error, or, when it told nothing, the close that a connection
 * counts as a reset). Seeded, so a failure names the case that reproduces it.
 */
class ResponseDecoderFuzzTest {
  private static final long SEED = 0x5EED_2111L;
  private static final int CASES = 20_000;

  private static final String[] GOOD = {
    "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
    "HTTP/1.1 204 No Content\r\n\r\n",
    "HTTP/1.0 200 OK\r\n\r\nuntil the close",
    "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n0\r\nT: 1\r\n\r\n",
    "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
    "HTTP/1.1 301 Moved\r\nLocation: /x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    "HTTP/1.1 500 Oops\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n X-Folded: yes\r\n\r\nbad",
    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\u0081\u0002hi",
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n",
    "HTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\n",
    "HTTP/1.1 200 OK\nContent-Length: 1\n\nx",
  };

  private static final String[] NOISE = {
    "\r\n",
    "\n",
    "\r",
    ":",
    " ",
    "\u0000",
    "HTTP/1.1 ",
    "200",
    "Content-Length: ",
    "-1",
    "99999999999999999999",
    "Transfer-Encoding: chunked\r\n",
    "0\r\n\r\n",
    "ffffffffffffffff",
    "Connection: close\r\n",
    "\u00ff",
    ";",
    "\t",
    "HTTP/1.1 100 Continue\r\n\r\n",
  };

  /** One case's events, checked as they come. */
  private static final class Events implements ResponseDecoder.Listener {
    final List<String> seen = new ArrayList<>();
    ResponseDecoder decoder;
    boolean askAgain;
    boolean capture;
    boolean dead;
    int inFlight = 1;

    @Override
    public void answer(int status, boolean keepAlive, Answer answer) {
      check("answer " + status);
      assertTrue(status >= 100 && status <= 999, "status " + status);
      assertEquals(capture, answer != null, "an answer is captured exactly when asked");
      inFlight--;
      dead = !keepAlive;
      if (keepAlive && askAgain) {
        inFlight++;
        decoder.expect(false, capture);
      }
    }

    @Override
    public void protocolError(String reason) {
      assertTrue(reason != null && !reason.isBlank(), "a protocol error has a reason");
      seen.add("protocol error: " + reason);
      dead = true;
    }

    private void check(String event) {
      if (dead) {
        fail("told '" + event + "' after the connection ended: " + seen);
      }
      if (inFlight <= 0) {
        fail("an answer with no request in flight: " + seen);
      }
      seen.add(event);
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void randomAndMutatedAnswersAlwaysEndInAnOutcomeWithoutThrowingOrLeaking() {
    SplittableRandom random = new SplittableRandom(SEED);
    int answered = 0;
    int protocolErrors = 0;
    int closes = 0;
    for (int n = 0; n < CASES; n++) {
      long caseSeed = random.nextLong();
      String outcome = runCase(caseSeed);
      switch (outcome) {
        case "answer" -> answered++;
        case "protocol error" -> protocolErrors++;
        default -> closes++;
      }
    }
    // The mutations must reach every kind of ending, or the fuzzing proves little.
    assertTrue(answered > CASES / 20, "answers: " + answered);
    assertTrue(protocolErrors > CASES / 20, "protocol errors: " + protocolErrors);
    assertTrue(closes > CASES / 100, "ended by the close: " + closes);
  }

  /** One case; its outcome as a connection would count it. */
  private static String runCase(long caseSeed) {
    SplittableRandom r = new SplittableRandom(caseSeed);
    byte[] input = input(r);
    Events events = new Events();
    ResponseDecoder decoder = new ResponseDecoder();
    decoder.listener(events);
    events.decoder = decoder;
    events.askAgain = r.nextInt(3) == 0;
    events.capture = r.nextBoolean();
    decoder.expect(r.nextInt(8) == 0, events.capture);
    EmbeddedChannel channel = new EmbeddedChannel(decoder);
    List<ByteBuf> fed = new ArrayList<>();
    try {
      int at = 0;
      while (at < input.length) {
        int size =
            1 + r.nextInt(Math.max(1, Math.min(input.length - at, r.nextInt(4) == 0 ? 3 : 600)));
        ByteBuf b = Unpooled.wrappedBuffer(input, at, size);
        fed.add(b);
        channel.writeInbound(b);
        at += size;
      }
      if (r.nextInt(4) != 0) {
        channel.finish(); // the server closes
      }
      channel.checkException();
    } catch (Throwable t) {
      throw new AssertionError("case seed " + caseSeed + " threw on " + show(input) + ": " + t, t);
    } finally {
      channel.finishAndReleaseAll();
    }
    assertTrue(channel.inboundMessages().isEmpty(), "the parser passes nothing on");
    for (ByteBuf b : fed) {
      assertEquals(0, b.refCnt(), "case seed " + caseSeed + ": a buffer fed in was kept");
    }
    if (events.seen.isEmpty()) {
      return "close"; // the connection's close fails the request as a reset
    }
    return events.seen.get(0).startsWith("protocol error") ? "protocol error" : "answer";
  }

  /** A good answer mutated a few times, several glued together, or noise. */
  private static byte[] input(SplittableRandom r) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int kind = r.nextInt(10);
    if (kind == 0) {
      byte[] junk = new byte[r.nextInt(200)];
      for (int i = 0; i < junk.length; i++) {
        junk[i] = (byte) r.nextInt(256);
      }
      return junk;
    }
    int answers = 1 + (kind == 1 ? r.nextInt(4) : 0);
    for (int a = 0; a < answers; a++) {
      out.writeBytes(GOOD[r.nextInt(GOOD.length)].getBytes(StandardCharsets.ISO_8859_1));
    }
    byte[] bytes = out.toByteArray();
    int mutations = kind < 4 ? 0 : 1 + r.nextInt(4);
    for (int m = 0; m < mutations; m++) {
      bytes = mutate(bytes, r);
    }
    if (r.nextInt(50) == 0) {
      // a long run of one thing: header lines, interim answers, chunk sizes
      String unit = r.nextBoolean() ? "X-A: b\r\n" : "HTTP/1.1 100 Continue\r\n\r\n";
      String head = "HTTP/1.1 200 OK\r\n";
      String body = unit.repeat(3000);
      bytes = (r.nextBoolean() ? head + body : body).getBytes(StandardCharsets.ISO_8859_1);
    }
    return bytes;
  }

  private static byte[] mutate(byte[] in, SplittableRandom r) {
    if (in.length == 0) {
      return NOISE[r.nextInt(NOISE.length)].getBytes(StandardCharsets.ISO_8859_1);
    }
    int at = r.nextInt(in.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + 32);
    switch (r.nextInt(6)) {
      case 0 -> { // flip a byte
        byte[] copy = in.clone();
        copy[at] = (byte) r.nextInt(256);
        return copy;
      }
      case 1 -> { // cut the rest
        out.write(in, 0, at);
      }
      case 2 -> { // drop a stretch
        int len = 1 + r.nextInt(Math.min(16, in.length - at));
        out.write(in, 0, at);
        out.write(in, at + len, in.length - at - len);
      }
      case 3 -> { // insert noise
        out.write(in, 0, at);
        out.writeBytes(NOISE[r.nextInt(NOISE.length)].getBytes(StandardCharsets.ISO_8859_1));
        out.write(in, at, in.length - at);
      }
      case 4 -> { // repeat a stretch
        int len = 1 + r.nextInt(Math.min(64, in.length - at));
        out.write(in, 0, at + len);
        out.write(in, at, in.length - at);
      }
      default -> { // a digit for another
        byte[] copy = in.clone();
        copy[at] = (byte) ('0' + r.nextInt(10));
        return copy;
      }
    }
    return out.toByteArray();
  }

  private static String show(byte[] input) {
    String s = new String(input, 0, Math.min(input.length, 300), StandardCharsets.ISO_8859_1);
    return "'" + s.replace("\r", "\\r").replace("\n", "\\n") + "'";
  }
}
