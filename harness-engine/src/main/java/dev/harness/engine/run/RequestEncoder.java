package dev.harness.engine.run;

import dev.harness.engine.model.RequestSpec;
import dev.harness.engine.model.RequestText;
import dev.harness.engine.model.Target;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Encodes a request once, before the run, into the exact bytes every send writes: the hot path
 * never formats a request.
 */
public final class RequestEncoder {
  /** Sent as User-Agent unless the request sets its own. */
  public static final String USER_AGENT = "harness/0.1";

  private RequestEncoder() {}

  public static byte[] encode(Target target, RequestSpec request) {
    return encode(target, request.method(), request.path(), request.headers(), request.body());
  }

  /** Encodes a request given by its parts (a rendered template). */
  public static byte[] encode(
      Target target,
      String method,
      String path,
      java.util.List<RequestSpec.Header> headers,
      byte[] body) {
    StringBuilder head = new StringBuilder(256);
    head.append(method).append(' ').append(RequestText.encodePath(path)).append(" HTTP/1.1\r\n");
    boolean host = false;
    boolean agent = false;
    boolean length = false;
    for (RequestSpec.Header h : headers) {
      String name = h.name().toLowerCase(Locale.ROOT);
      host |= name.equals("host");
      agent |= name.equals("user-agent");
      length |= name.equals("content-length") || name.equals("transfer-encoding");
      head.append(h.name()).append(": ").append(h.value()).append("\r\n");
    }
    if (!host) {
      head.append("Host: ").append(target.hostHeader()).append("\r\n");
    }
    if (!agent) {
      head.append("User-Agent: ").append(USER_AGENT).append("\r\n");
    }
    boolean bodyMethod = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    if (!length && (body.length > 0 || bodyMethod)) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("\r\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + body.length);
    out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(body);
    return out.toByteArray();
  }
}
