package dev.harness.engine.testkit;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 connection over a plain socket to 127.0.0.1, for tests that must see the bytes:
 * keep-alive, pipelining, malformed requests, and what the fault proxy does to an answer (resets,
 * cut answers, silence). Answers are framed by Content-Length only, which is all the embedded
 * target and the proxy send. A read that waits longer than the read timeout fails, so a server bug
 * shows up as a failed test, not a hung build.
 *
 * <p>Not thread-safe: one test thread per connection.
 */
public final class RawHttp implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  /** Connects with a 10 s read timeout. */
  public RawHttp(int port) throws IOException {
    this(port, 10_000);
  }

  public RawHttp(int port, int readTimeoutMillis) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(readTimeoutMillis);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  /** A request without a body: {@code METHOD PATH HTTP/1.1} and a Host header. */
  public static String request(String method, String path) {
    return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  }

  /** Writes these bytes as they are (ISO-8859-1), so a test can send anything. */
  public void send(String raw) throws IOException {
    out.write(raw.getBytes(ISO_8859_1));
    out.flush();
  }

  public void get(String path) throws IOException {
    send(request("GET", path));
  }

  public void post(String path, String body) throws IOException {
    byte[] b = body.getBytes(UTF_8);
    send(
        "POST "
            + path
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: "
            + b.length
            + "\r\n\r\n");
    out.write(b);
    out.flush();
  }

  /** Sends a GET and reads its answer. */
  public Response exchange(String path) throws IOException {
    get(path);
    return read();
  }

  public Response read() throws IOException {
    return read(true);
  }

  /** Reads an answer to HEAD: headers that announce a body which never comes. */
  public Response readHeadersOnly() throws IOException {
    return read(false);
  }

  /** Reads until the server closes; the bytes that came before. */
  public byte[] readToEnd() throws IOException {
    return in.readAllBytes();
  }

  /** True when the server closed the connection, false when it sent more bytes or nothing. */
  public boolean closedByServer() throws IOException {
    try {
      return in.read() == -1;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  private Response read(boolean withBody) throws IOException {
    String statusLine = line();
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
      throw new IOException("not a status line: '" + statusLine + "'");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String header = line(); !header.isEmpty(); header = line()) {
      int colon = header.indexOf(':');
      headers.put(
          header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          header.substring(colon + 1).trim());
    }
    int length = withBody ? Integer.parseInt(headers.getOrDefault("content-length", "0")) : 0;
    byte[] body = in.readNBytes(length);
    if (body.length != length) {
      throw new EOFException("body cut short: " + body.length + " of " + length + " bytes");
    }
    return new Response(
        parts[0], Integer.parseInt(parts[1]), headers, new String(body, UTF_8), System.nanoTime());
  }

  private String line() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != '\n') {
      if (b == -1) {
        throw new EOFException("connection closed by the server");
      }
      if (b != '\r') {
        bytes.write(b);
      }
    }
    return bytes.toString(ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /** An answer as it came off the wire; header names lower-cased. */
  public record Response(
      String version, int status, Map<String, String> headers, String body, long receivedAtNanos) {}
}
