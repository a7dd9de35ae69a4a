package dev.harness.engine.target;

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
 * One HTTP/1.1 connection over a plain socket, for tests that need to see the bytes: keep-alive,
 * pipelining, malformed requests. Reads answers framed by Content-Length only, which is all the
 * target sends. Not thread-safe: one test thread per connection.
 */
final class RawConnection implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  RawConnection(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setTcpNoDelay(true);
    // A server bug shows up as a failed read, not a hung build.
    socket.setSoTimeout(10_000);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  void send(String raw) throws IOException {
    out.write(raw.getBytes(ISO_8859_1));
    out.flush();
  }

  void get(String path) throws IOException {
    send(request("GET", path));
  }

  static String request(String method, String path) {
    return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  }

  Response read() throws IOException {
    return read(true);
  }

  /** Reads an answer to HEAD: headers that announce a body which never comes. */
  Response readHeadersOnly() throws IOException {
    return read(false);
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

  /** True when the server closed the connection, false when it sent more bytes. */
  boolean closedByServer() throws IOException {
    try {
      return in.read() == -1;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException reset) {
      return true;
    }
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
  record Response(
      String version, int status, Map<String, String> headers, String body, long receivedAtNanos) {}
}
