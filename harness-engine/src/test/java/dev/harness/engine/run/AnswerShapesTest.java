package dev.harness.engine.run;

import static dev.harness.engine.run.Runs.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.harness.engine.model.LoadModel;
import dev.harness.engine.model.Phase;
import dev.harness.engine.model.RateProfile;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.Stats;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Answers of every framing over real loopback sockets: each is read whole, counted by its status,
 * and a connection the answer ends is replaced for the next request. A server that closes inside an
 * answer's headers sent a broken answer (protocol error); one that closes inside a status line or a
 * body dropped the connection (reset), as one that closes before answering does.
 */
class AnswerShapesTest {

  /**
   * A loopback server that reads each request head and writes {@code answer}; when {@code close},
   * it closes the connection after each answer.
   */
  private static final class ShapeServer implements AutoCloseable {
    final ServerSocket socket;

    ShapeServer(byte[] answer, boolean close) throws IOException {
      socket = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
      Thread acceptor =
          new Thread(
              () -> {
                while (!socket.isClosed()) {
                  try {
                    Socket s = socket.accept();
                    Thread t = new Thread(() -> serve(s, answer, close));
                    t.setDaemon(true);
                    t.start();
                  } catch (IOException e) {
                    return;
                  }
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
    }

    private static void serve(Socket s, byte[] answer, boolean close) {
      try (s) {
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        while (readRequest(in)) {
          out.write(answer);
          out.flush();
          if (close) {
            return;
          }
        }
      } catch (IOException e) {
        // the client went away
      }
    }

    /** Reads one request head (up to the blank line); false at end of stream. */
    private static boolean readRequest(InputStream in) throws IOException {
      int state = 0;
      int c;
      while ((c = in.read()) != -1) {
        state = c == '\r' || c == '\n' ? state + 1 : 0;
        if (state == 4) {
          return true;
        }
      }
      return false;
    }

    String url() {
      return "http://127.0.0.1:" + socket.getLocalPort() + "/";
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "chunked with an extension and a trailer|false|S2XX|"
            + "HTTP/1.1 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n"
            + "2;x=y\\r\\nok\\r\\n0\\r\\nX-Trailer: t\\r\\n\\r\\n",
        "interim 100 Continue before the answer|false|S2XX|"
            + "HTTP/1.1 100 Continue\\r\\n\\r\\nHTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\n\\r\\nok",
        "HTTP/1.0 without keep-alive|true|S2XX|HTTP/1.0 200 OK\\r\\nContent-Length: 2\\r\\n\\r\\nok",
        "Connection: close|true|S4XX|"
            + "HTTP/1.1 404 Not Found\\r\\nConnection: close\\r\\nContent-Length: 2\\r\\n\\r\\nno",
        "body until the close|true|S2XX|HTTP/1.1 200 OK\\r\\nContent-Type: text/plain\\r\\n\\r\\nok",
        "closed inside the headers|true|PROTOCOL_ERROR|HTTP/1.1 200 OK\\r\\nContent-Len",
        "closed inside a chunk|true|RESET|"
            + "HTTP/1.1 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n5\\r\\nhe",
        "closed inside the status line|true|RESET|HTTP/1.1 20",
        "closed inside the body|true|RESET|"
            + "HTTP/1.1 200 OK\\r\\nContent-Length: 10\\r\\n\\r\\nhalf",
      })
  void eachAnswerShapeLandsInItsOutcome(
      String shape, boolean close, Outcome expected, String answer) throws Exception {
    byte[] bytes = answer.replace("\\r\\n", "\r\n").getBytes(StandardCharsets.US_ASCII);
    try (ShapeServer server = new ShapeServer(bytes, close)) {
      Stats m =
          Runs.run(
                  Runs.spec(
                      server.url(),
                      LoadModel.OPEN,
                      List.of(new Phase("main", SECOND, new RateProfile.Constant(20), false)),
                      1,
                      2,
                      5 * SECOND))
              .measured();
      assertEquals(
          20L,
          m.outcomes().get(expected),
          shape + ": all 20 answers counted as " + expected + ", got " + m.outcomes());
      assertEquals(m.scheduled(), m.requests(), shape + ": every arrival accounted for");
    }
  }
}
