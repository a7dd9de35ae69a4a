package dev.harness.engine.run;

import static dev.harness.engine.testkit.Specs.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.harness.engine.model.LoadModel;
import dev.harness.engine.model.Phase;
import dev.harness.engine.model.RateProfile;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.result.Stats;
import dev.harness.engine.result.Verdict;
import dev.harness.engine.testkit.Specs;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Targets that misbehave at the socket level: each failure lands in its own outcome. */
class BrokenServerTest {

  private static RunResult run(String url, double rate) throws Exception {
    return Runs.run(
        Specs.spec(
            url,
            LoadModel.OPEN,
            List.of(new Phase("main", SECOND, new RateProfile.Constant(rate), false)),
            1,
            4,
            2 * SECOND));
  }

  @Test
  void garbageAnswersAreProtocolErrors() throws Exception {
    try (RawServer server =
        new RawServer(
            (in, s) -> {
              try {
                OutputStream out = s.getOutputStream();
                while (RawServer.readRequest(in)) {
                  out.write("THIS IS NOT HTTP\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                  out.flush();
                }
              } catch (IOException e) {
                // closed by the client after the garbage
              }
            })) {
      RunResult r = run(server.url(), 50);
      Stats m = r.measured();
      assertEquals(
          50,
          m.outcomes().get(Outcome.PROTOCOL_ERROR),
          "every garbage answer is a protocol error: " + m.outcomes());
      assertEquals(m.scheduled(), m.requests(), "every arrival accounted for: " + m.outcomes());
    }
  }

  @Test
  void connectionsClosedMidRequestAreResets() throws Exception {
    try (RawServer server =
        new RawServer(
            (in, s) -> {
              if (RawServer.readRequest(in)) {
                try {
                  s.setSoLinger(true, 0); // close with RST, as a crashing server would
                } catch (IOException e) {
                  // fall back to a plain close
                }
              }
            })) {
      RunResult r = run(server.url(), 50);
      Stats m = r.measured();
      assertEquals(
          50,
          m.outcomes().get(Outcome.RESET),
          "every request's connection dropped: " + m.outcomes());
      assertEquals(Verdict.INVALID, r.verdict(), "a target that never answers cannot pass");
    }
  }

  @Test
  void statusClassesAreCountedApart() throws Exception {
    int[] statuses = {200, 301, 404, 503};
    try (RawServer server =
        new RawServer(
            (in, s) -> {
              try {
                OutputStream out = s.getOutputStream();
                int i = 0;
                while (RawServer.readRequest(in)) {
                  int code = statuses[i++ % statuses.length];
                  out.write(
                      ("HTTP/1.1 " + code + " X\r\nContent-Length: 0\r\n\r\n")
                          .getBytes(StandardCharsets.US_ASCII));
                  out.flush();
                }
              } catch (IOException e) {
                // client closed
              }
            })) {
      RunResult r =
          Runs.run(
              Specs.spec(
                  server.url(),
                  LoadModel.OPEN,
                  List.of(new Phase("main", SECOND, new RateProfile.Constant(40), false)),
                  1,
                  1,
                  2 * SECOND));
      Stats m = r.measured();
      for (Outcome o : List.of(Outcome.S2XX, Outcome.S3XX, Outcome.S4XX, Outcome.S5XX)) {
        assertEquals(
            10,
            m.outcomes().get(o),
            o.label() + " of 40 answers cycling 200/301/404/503: " + m.outcomes());
      }
      assertEquals(20, m.errors(), "4xx and 5xx are errors, 2xx and 3xx are not");
    }
  }
}
