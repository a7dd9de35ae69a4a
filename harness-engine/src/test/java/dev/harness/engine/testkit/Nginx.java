package dev.harness.engine.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's nginx, a server nobody here wrote, started for one test on a free loopback port in a
 * temporary directory, and stopped (by its own PID) on {@link #close}. The test gives the body of a
 * {@code server {}} block; {@code listen} is added for the chosen port with the given parameters
 * ({@code ""}, {@code "ssl"}, {@code "ssl http2"}...). Requests are logged as {@code $request
 * $status} lines (so {@code GET / HTTP/2.0 200}) in {@link #accessLog}.
 *
 * <p>Where nginx is not installed the test is skipped, unless {@code CI} is set: {@code .ci/run}
 * installs nginx, so there a missing nginx is a failure, not a silent skip.
 */
public final class Nginx implements AutoCloseable {
  private static final Path BINARY = Path.of("/usr/sbin/nginx");

  private final Process process;
  private final Path dir;
  private final int port;

  private Nginx(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /** Whether nginx can be started here. */
  public static boolean available() {
    return Files.isExecutable(BINARY);
  }

  /** Skips the calling test when nginx is missing, except on CI where it must be there. */
  public static void assumeAvailable() {
    if (System.getenv("CI") == null) {
      Assumptions.assumeTrue(available(), "nginx is not installed (apt-get install nginx)");
    } else if (!available()) {
      throw new IllegalStateException("nginx is not installed, though CI is set: see .ci/run");
    }
  }

  /**
   * Starts nginx with one server on {@code 127.0.0.1:<free port>}.
   *
   * @param listenParams parameters after the address on the listen line, e.g. {@code "ssl"}
   * @param httpLines lines for the {@code http {}} block outside the server (e.g. {@code
   *     limit_req_zone ...}), may be empty
   * @param serverLines the body of the {@code server {}} block (locations, ssl_certificate...)
   * @param dir a directory of the test's own (a JUnit {@code @TempDir}) for config, logs and pid
   */
  public static Nginx start(String listenParams, String httpLines, String serverLines, Path dir)
      throws IOException, InterruptedException {
    assumeAvailable();
    int port = freePort();
    String conf =
        String.join(
            "\n",
            "daemon off;",
            "master_process off;",
            "worker_processes 1;",
            "pid " + dir.resolve("nginx.pid") + ";",
            "error_log " + dir.resolve("error.log") + " warn;",
            "events { worker_connections 1024; }",
            "http {",
            "  log_format plain '$request $status';",
            "  access_log " + dir.resolve("access.log") + " plain;",
            "  client_body_temp_path " + dir.resolve("body") + ";",
            "  proxy_temp_path " + dir.resolve("proxy") + ";",
            "  fastcgi_temp_path " + dir.resolve("fastcgi") + ";",
            "  uwsgi_temp_path " + dir.resolve("uwsgi") + ";",
            "  scgi_temp_path " + dir.resolve("scgi") + ";",
            "  keepalive_requests 100000;",
            httpLines,
            "  server {",
            "    listen 127.0.0.1:" + port + " " + listenParams + ";",
            "    server_name localhost;",
            serverLines,
            "  }",
            "}",
            "");
    Path confFile = dir.resolve("nginx.conf");
    Files.writeString(confFile, conf);
    Process p =
        new ProcessBuilder(
                List.of(BINARY.toString(), "-p", dir.toString(), "-c", confFile.toString()))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("stdout.log").toFile())
            .start();
    Nginx nginx = new Nginx(p, dir, port);
    nginx.awaitListening();
    return nginx;
  }

  /** The port nginx listens on (127.0.0.1). */
  public int port() {
    return port;
  }

  /** The access log: one {@code $request $status} line per request. */
  public Path accessLog() {
    return dir.resolve("access.log");
  }

  /** The access log's lines so far. */
  public List<String> accessLines() throws IOException {
    Path log = accessLog();
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  private void awaitListening() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "nginx exited with "
                + process.exitValue()
                + ": "
                + readQuietly(dir.resolve("stdout.log"))
                + readQuietly(dir.resolve("error.log")));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    close();
    throw new IllegalStateException("nginx did not listen on " + port + " within 10 s");
  }

  private static String readQuietly(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p).strip() : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Stops nginx (the process this object started) and waits for it. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
    }
  }
}
