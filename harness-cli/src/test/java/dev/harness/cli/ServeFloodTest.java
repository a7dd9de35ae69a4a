package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.testkit.Await;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code harness serve} flooded with more connections than its own {@code ulimit -n} allows stays
 * up, serves again once the flood ends, and stops on one SIGTERM.
 */
class ServeFloodTest {
  private static final int LIMIT = 256;
  private static final int FLOOD = 600;

  @Test
  void aFloodBeyondTheDescriptorLimitLeavesTheServerServing(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out.txt");
    List<String> cmd =
        new ArrayList<>(List.of("bash", "-c", "ulimit -n " + LIMIT + "; exec \"$@\"", "sh"));
    cmd.addAll(ChildHarness.command("serve", "--port", "0"));
    Process serve =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    List<Socket> flood = new ArrayList<>();
    try {
      Pattern serving = Pattern.compile("serving http://127\\.0\\.0\\.1:(\\d+)");
      Await.until("the server listens", () -> serving.matcher(read(out)).find());
      Matcher m = serving.matcher(read(out));
      assertTrue(m.find());
      int port = Integer.parseInt(m.group(1));
      assertEquals(200, get(port), "answers before the flood");

      for (int i = 0; i < FLOOD; i++) {
        Socket s = new Socket();
        try {
          s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
          flood.add(s);
        } catch (IOException e) {
          s.close(); // the backlog is full: the kernel refuses the rest, as it should
        }
      }
      Await.until(
          "the server runs out of descriptors", () -> read(out).contains("Too many open files"));
      for (Socket s : flood) {
        s.close();
      }
      flood.clear();
      Await.until("the server answers again", () -> get(port) == 200);

      serve.destroy(); // one SIGTERM
      assertTrue(serve.waitFor(20, TimeUnit.SECONDS), "stopped on one SIGTERM:\n" + read(out));
      String text = read(out);
      assertEquals(0, serve.exitValue(), text);
      assertTrue(text.contains("stopped"), text);
      assertTrue(text.contains("target: cannot accept connections ("), "one line, not a trace");
      assertFalse(text.contains("Exception in thread"), "no event loop died:\n" + text);
    } finally {
      for (Socket s : flood) {
        s.close();
      }
      serve.destroyForcibly();
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }

  /** The status of GET / on a new connection, or -1 when it does not come within 2 s. */
  private static int get(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      s.setSoTimeout(2000);
      s.getOutputStream()
          .write(
              "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      byte[] head = in.readNBytes(12); // "HTTP/1.1 200"
      String line = new String(head, StandardCharsets.US_ASCII);
      return line.startsWith("HTTP/1.1 ") ? Integer.parseInt(line.substring(9, 12)) : -1;
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }
}
