package dev.harness.engine.model;

import java.nio.charset.StandardCharsets;

/**
 * What may go into a request line and header values. A control character there (CR, LF, NUL, ...)
 * would change the request itself: a CR LF in a path ends the request line and starts a header of
 * the path's choosing (request smuggling). So control characters are refused; in a header value
 * only a tab may appear. A space or a non-ASCII character in a path has one obvious meaning, the
 * character itself, so it is percent-encoded (as UTF-8) instead of refused, as browsers do: a path
 * copied from a document works, and what goes out is still one request line.
 */
public final class RequestText {
  private RequestText() {}

  /** What in {@code path} would change the request line, or null when nothing would. */
  public static String pathProblem(String path) {
    return controlProblem(path, false);
  }

  /** What in a header value would change the request's headers, or null when nothing would. */
  public static String headerValueProblem(String value) {
    return controlProblem(value, true);
  }

  private static String controlProblem(String text, boolean tabOk) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 && !(tabOk && c == '\t') || c == 0x7F) {
        return "holds "
            + (c == '\r' || c == '\n' ? "a line break" : "a control character")
            + String.format(" (0x%02X)", (int) c)
            + ", which would change the request";
      }
    }
    return null;
  }

  /** {@code path} with spaces and non-ASCII characters percent-encoded; the rest as it is. */
  public static String encodePath(String path) {
    int i = 0;
    while (i < path.length() && path.charAt(i) > ' ' && path.charAt(i) < 0x7F) {
      i++;
    }
    if (i == path.length()) {
      return path;
    }
    StringBuilder out = new StringBuilder(path.length() + 16).append(path, 0, i);
    for (byte b : path.substring(i).getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if (c <= ' ' || c >= 0x7F) {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
      } else {
        out.append((char) c);
      }
    }
    return out.toString();
  }
}
