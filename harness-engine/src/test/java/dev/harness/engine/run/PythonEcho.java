package dev.harness.engine.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * An echo server not written by us: python3-websockets from Debian, run by {@code /usr/bin/python3}
 * on a free loopback port. It counts the messages it received and says the count when its input
 * ends. Where it is missing the test is skipped, unless {@code CI} is set ({@code .ci/run} installs
 * it).
 */
final class PythonEcho implements AutoCloseable {
  static final String PYTHON = "/usr/bin/python3";

  private static final String SCRIPT =
      """
      import asyncio, sys
      import websockets
      count = 0
      async def echo(ws, *args):
          global count
          async for m in ws:
              count += 1
              await ws.send(m)
      async def main():
          loop = asyncio.get_running_loop()
          async with websockets.serve(echo, "127.0.0.1", 0, compression=None) as server:
              print("port", server.sockets[0].getsockname()[1], flush=True)
              await loop.run_in_executor(None, sys.stdin.read)  # until the test closes our stdin
          print("count", count, flush=True)
      asyncio.run(main())
      """;

  private final Process process;
  private final BufferedReader out;
  private final int port;

  private PythonEcho(Process process, BufferedReader out, int port) {
    this.process = process;
    this.out = out;
    this.port = port;
  }

  /** Starts the server; skips the test (or fails it on CI) when python3-websockets is missing. */
  static PythonEcho start() throws IOException, InterruptedException {
    boolean present =
        Files.isExecutable(Path.of(PYTHON))
            && new ProcessBuilder(PYTHON, "-c", "import websockets").start().waitFor() == 0;
    if (System.getenv("CI") == null) {
      Assumptions.assumeTrue(
          present, "python3-websockets is not installed (apt-get install python3-websockets)");
    } else if (!present) {
      throw new IllegalStateException("python3-websockets is not installed, though CI is set");
    }
    Path script = Files.createTempFile("harness-ws-echo", ".py");
    Files.writeString(script, SCRIPT);
    script.toFile().deleteOnExit();
    Process p = new ProcessBuilder(PYTHON, script.toString()).redirectErrorStream(true).start();
    BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = r.readLine();
    if (line == null || !line.startsWith("port ")) {
      p.destroyForcibly();
      throw new IllegalStateException("python echo server did not start: " + line);
    }
    return new PythonEcho(p, r, Integer.parseInt(line.substring(5).trim()));
  }

  String url() {
    return "ws://127.0.0.1:" + port + "/";
  }

  /** Stops the server and returns how many messages it received. */
  long stopAndCount() throws IOException, InterruptedException {
    process.getOutputStream().close(); // end of input: the script prints its count and exits
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.startsWith("count ")) {
        process.waitFor(10, TimeUnit.SECONDS);
        return Long.parseLong(line.substring(6).trim());
      }
    }
    throw new IllegalStateException("python echo server ended without its count");
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
