package dev.harness.engine.proxy;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 connection over a plain socket, so a test sees exactly what the proxy does to the
 * bytes: resets, cut answers, silence. Answers are framed by Content-Length only. Not thread-safe.
 */
final class Wire implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  Wire(int port, int readTimeoutMillis) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(readTimeoutMillis);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  Wire(int port) throws IOException {
    this(port, 10_000);
  }

  void send(String raw) throws IOException {
    out.write(raw.getBytes(ISO_8859_1));
    out.flush();
  }

  void get(String path) throws IOException {
    send("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  }

  void post(String path, String body) throws IOException {
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
  Response exchange(String path) throws IOException {
    get(path);
    return read();
  }

  Response read() throws IOException {
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
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    byte[] body = in.readNBytes(length);
    if (body.length != length) {
      throw new EOFException("body cut short: " + body.length + " of " + length + " bytes");
    }
    return new Response(Integer.parseInt(parts[1]), headers, new String(body, UTF_8));
  }

  /** Reads until the server closes; the bytes that came before. */
  byte[] readToEnd() throws IOException {
    return in.readAllBytes();
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

  record Response(int status, Map<String, String> headers, String body) {}
}
