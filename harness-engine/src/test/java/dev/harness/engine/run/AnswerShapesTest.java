package dev.harness.engine.run;

import static dev.harness.engine.testkit.Specs.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.harness.engine.model.LoadModel;
import dev.harness.engine.model.Phase;
import dev.harness.engine.model.RateProfile;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.Stats;
import dev.harness.engine.testkit.Specs;
import java.io.OutputStream;
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

  /** Reads each request head and writes {@code answer}; with {@code close}, closes after it. */
  private static RawServer.Behaviour answering(byte[] answer, boolean close) {
    return (in, s) -> {
      OutputStream out = s.getOutputStream();
      while (RawServer.readRequest(in)) {
        out.write(answer);
        out.flush();
        if (close) {
          return;
        }
      }
    };
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
    try (RawServer server = new RawServer(answering(bytes, close))) {
      Stats m =
          Runs.run(
                  Specs.spec(
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
