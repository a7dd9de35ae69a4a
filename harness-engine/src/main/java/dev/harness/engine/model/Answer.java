package dev.harness.engine.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * An HTTP answer as checks and extractions see it: status, headers and body. The body is decoded as
 * UTF-8 text and parsed as JSON at most once, when first asked for.
 *
 * <p>Thread contract: used by one thread (the worker that received the answer).
 */
public final class Answer {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final int status;
  private final Function<String, String> headers;
  private final byte[] body;
  private String text;
  private JsonNode json;
  private boolean jsonTried;

  /**
   * @param headers the first value of a header by case-insensitive name, or null
   */
  public Answer(int status, Function<String, String> headers, byte[] body) {
    this.status = status;
    this.headers = headers;
    this.body = body == null ? new byte[0] : body;
  }

  public int status() {
    return status;
  }

  /** First value of the header, or null. */
  public String header(String name) {
    return headers.apply(name);
  }

  /** The body as UTF-8 text. */
  public String text() {
    if (text == null) {
      text = new String(body, StandardCharsets.UTF_8);
    }
    return text;
  }

  /** The body as JSON, or null when it is not JSON. */
  public JsonNode json() {
    if (!jsonTried) {
      jsonTried = true;
      try {
        json = body.length == 0 ? null : JSON.readTree(body);
      } catch (JsonProcessingException e) {
        json = null;
      } catch (java.io.IOException e) {
        json = null;
      }
    }
    return json;
  }
}
