package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A URL's user info is sent as Basic authorization, as curl sends it, and no secret from the
 * command line (password, Authorization or Cookie value, client key path) reaches a file.
 */
class SecretsTest {
  private static final String PASSWORD = "s3cret-pw";
  private static final String COOKIE = "c00kie-value";

  /** Answers every request 200 and keeps each request's Authorization header. */
  private static final class Recorder implements AutoCloseable {
    final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    final Queue<String> authorizations = new ConcurrentLinkedQueue<>();

    Recorder() throws IOException {
      Thread t = new Thread(this::accept);
      t.setDaemon(true);
      t.start();
    }

    private void accept() {
      while (!socket.isClosed()) {
        try {
          Socket s = socket.accept();
          Thread t = new Thread(() -> serve(s));
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    }

    private void serve(Socket s) {
      try (s;
          BufferedReader in =
              new BufferedReader(
                  new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1))) {
        OutputStream out = s.getOutputStream();
        String line;
        while ((line = in.readLine()) != null) {
          if (line.regionMatches(true, 0, "Authorization:", 0, 14)) {
            authorizations.add(line.substring(14).trim());
          }
          if (line.isEmpty()) {
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes());
            out.flush();
          }
        }
      } catch (IOException e) {
        // the client went away
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  @Test
  void userInfoIsSentAsBasicAuthAndNoOutputFileHoldsASecret(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    try (Recorder target = new Recorder()) {
      String url = "http://tester:" + PASSWORD + "@127.0.0.1:" + target.socket.getLocalPort() + "/";
      Cli r =
          Cli.run(
              "run",
              url,
              "-R",
              "20",
              "-d",
              "1s",
              "-H",
              "Cookie: session=" + COOKIE,
              "-q",
              "--out",
              out.toString());
      assertEquals(0, r.exitCode(), r.toString());
      assertFalse(target.authorizations.isEmpty(), "an Authorization header was sent");
      assertEquals(
          "Basic dGVzdGVyOnMzY3JldC1wdw==", target.authorizations.peek(), "tester:s3cret-pw");
      assertFalse(r.out().contains(PASSWORD) || r.err().contains(PASSWORD), r.toString());
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(out)) {
      files = s.toList();
    }
    assertTrue(files.size() >= 4, "result.json and the reports: " + files);
    for (Path f : files) {
      String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
      assertFalse(text.contains(PASSWORD), f + " holds the password");
      assertFalse(text.contains(COOKIE), f + " holds the cookie");
      assertFalse(text.contains("dGVzdGVyOnMzY3JldC1wdw"), f + " holds the Basic token");
    }
    String json = Files.readString(out.resolve("result.json"));
    assertTrue(json.contains("http://***@127.0.0.1:"), json);
    assertTrue(json.contains("Cookie: ***"), json);
  }

  @Test
  void theRecordedCommandLineRedactsEverySecretForm() {
    assertEquals(
        List.of(
            "run",
            "http://***@h/",
            "-H",
            "Authorization: ***",
            "--header=Cookie: ***",
            "-HProxy-Authorization: ***",
            "-H",
            "X-Plain: 1",
            "--client-key",
            "***",
            "--client-key=***"),
        Commands.redacted(
            List.of(
                "run",
                "http://u:p@h/",
                "-H",
                "Authorization: Bearer abc",
                "--header=Cookie: a=b",
                "-HProxy-Authorization: x",
                "-H",
                "X-Plain: 1",
                "--client-key",
                "/secret/key.pem",
                "--client-key=/secret/key.pem")));
  }

  @Test
  void aBadUrlIsQuotedWithoutItsPassword() {
    Cli r = Cli.run("run", "http://u:" + PASSWORD + "@host:99999/", "-R", "1");
    assertEquals(2, r.exitCode(), r.toString());
    assertFalse(r.err().contains(PASSWORD), r.toString());
  }
}
