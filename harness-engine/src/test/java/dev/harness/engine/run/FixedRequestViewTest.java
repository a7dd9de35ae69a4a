package dev.harness.engine.run;

import static dev.harness.engine.testkit.Specs.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.harness.engine.model.RateProfile;
import dev.harness.engine.model.RequestSpec;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.Stats;
import dev.harness.engine.testkit.Specs;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A connection writes its own rewound view of a fixed request on each send (no allocation), which
 * is only right once the previous write of it is done. Over real sockets: a server that answers a
 * large upload before reading its body gets the next request while the previous one is still being
 * written, and every body must still arrive intact.
 */
class FixedRequestViewTest {
  private static final byte[] OK =
      "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  @Test
  void aRequestStillBeingWrittenIsNotRewoundByTheNextSend() throws Exception {
    // Larger than what the client's send buffer (tcp_wmem up to 4 MiB) and the server's small
    // receive buffer hold together, so the write is still pending when the answer comes.
    byte[] body = new byte[16 << 20];
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) ('a' + i % 26);
    }
    AtomicInteger intact = new AtomicInteger();
    AtomicInteger broken = new AtomicInteger();
    ServerSocket bound = new ServerSocket();
    bound.setReceiveBufferSize(64 * 1024);
    bound.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    try (RawServer server =
        new RawServer(bound, (in, s) -> answerThenRead(in, s, body, intact, broken))) {
      RunSpec spec =
          Specs.builder(server.url())
              .request(RequestSpec.of("upload", "POST", "/", List.of(), body))
              .phases(List.of(Specs.main(SECOND, new RateProfile.Constant(10))))
              .connections(1)
              .timeoutNanos(10 * SECOND)
              .build();
      Stats m = Runs.run(spec).measured();
      assertEquals(0, broken.get(), "bodies that arrived corrupted (" + intact + " intact)");
      assertEquals(10L, m.outcomes().get(Outcome.S2XX), "all 10 uploads answered: " + m.outcomes());
    }
  }

  /**
   * Per request: reads the head, answers at once, waits (so the client sends its next request while
   * this body is still on its way), then reads the body and checks it byte for byte.
   */
  private static void answerThenRead(
      InputStream raw, Socket s, byte[] expected, AtomicInteger intact, AtomicInteger broken)
      throws IOException, InterruptedException {
    InputStream in = new BufferedInputStream(raw, 64 * 1024);
    OutputStream out = s.getOutputStream();
    byte[] got = new byte[expected.length];
    String head;
    while ((head = readHead(in)) != null) {
      int length = contentLength(head);
      out.write(OK);
      out.flush();
      Thread.sleep(150);
      if (length == 0) {
        continue;
      }
      if (length != expected.length
          || in.readNBytes(got, 0, length) != length
          || !Arrays.equals(got, expected)) {
        broken.incrementAndGet();
        return;
      }
      intact.incrementAndGet();
    }
  }

  /** One request head, up to the blank line, or null at the end of the stream. */
  private static String readHead(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      b.append((char) c);
      if (b.length() >= 4 && b.substring(b.length() - 4).equals("\r\n\r\n")) {
        return b.toString();
      }
    }
    return null;
  }

  private static int contentLength(String head) {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        return Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    return 0;
  }
}
