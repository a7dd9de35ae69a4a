package dev.harness.engine.model;

import dev.harness.engine.time.InvalidInputException;
import java.util.List;
import java.util.Locale;

/**
 * One HTTP request the generator sends.
 *
 * @param name name the request is recorded under
 * @param method HTTP method, upper case
 * @param path path and query of the request line
 * @param headers extra headers, in order (Host, Content-Length and User-Agent are added unless
 *     given)
 * @param body request body, empty for none
 */
public record RequestSpec(
    String name, String method, String path, List<Header> headers, byte[] body) {

  /** One header line. */
  public record Header(String name, String value) {
    public Header {
      if (name == null || name.isBlank() || !name.chars().allMatch(Header::isTokenChar)) {
        throw new InvalidInputException("bad header name '" + name + "'");
      }
      if (value == null) {
        throw new InvalidInputException("bad value for header '" + name + "'");
      }
      String problem = RequestText.headerValueProblem(value);
      if (problem != null) {
        throw new InvalidInputException("value of header '" + name + "' " + problem);
      }
    }

    /** Parses {@code "Name: value"}. */
    public static Header parse(String line) {
      int colon = line == null ? -1 : line.indexOf(':');
      if (colon <= 0) {
        throw new InvalidInputException("bad header '" + line + "': expected 'Name: value'");
      }
      return new Header(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
    }

    private static boolean isTokenChar(int c) {
      return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }
  }

  public RequestSpec {
    if (name == null || name.isBlank()) {
      throw new InvalidInputException("request name is missing");
    }
    if (method == null || method.isBlank() || !method.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
      throw new InvalidInputException("bad HTTP method '" + method + "'");
    }
    if (path == null || !path.startsWith("/")) {
      throw new InvalidInputException("request '" + name + "': path must start with '/': " + path);
    }
    String problem = RequestText.pathProblem(path);
    if (problem != null) {
      throw new InvalidInputException("request '" + name + "': path " + problem);
    }
    headers = List.copyOf(headers);
    body = body == null ? new byte[0] : body.clone();
  }

  /** Normalises the method to upper case before validation. */
  public static RequestSpec of(
      String name, String method, String path, List<Header> headers, byte[] body) {
    return new RequestSpec(
        name, method == null ? null : method.toUpperCase(Locale.ROOT), path, headers, body);
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  public boolean isHead() {
    return method.equals("HEAD");
  }
}
