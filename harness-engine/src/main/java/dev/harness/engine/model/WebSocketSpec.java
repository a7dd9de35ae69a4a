package dev.harness.engine.model;

import dev.harness.engine.time.InvalidInputException;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What a WebSocket run sends and waits for: each arrival is one text message rendered from {@code
 * message}, answered by the first frame on its socket that meets the expectation. Immutable.
 *
 * @param message the text of each message, a {@link Template} ({@code ${counter}}, {@code ${uuid}},
 *     {@code ${randomInt(a,b)}})
 * @param expect what the matching reply must be, rendered with the same values as its message;
 *     null: the reply equal to the message sent (an echo)
 * @param expectRegex whether the rendered {@code expect} is a regular expression the whole reply
 *     must match, rather than the exact reply
 * @param connectRate sockets opened per second over the whole run; 0 opens every socket at the
 *     start
 */
public record WebSocketSpec(
    Template message, Template expect, boolean expectRegex, double connectRate) {

  /** The default: messages {@code message ${counter}}, answered by their echo, sockets at once. */
  public static final WebSocketSpec ECHO =
      new WebSocketSpec(Template.parse("message ${counter}"), null, false, 0);

  public WebSocketSpec {
    if (message == null) {
      throw new InvalidInputException("websocket: message is missing");
    }
    if (!message.variables().isEmpty()) {
      throw new InvalidInputException(
          "websocket: message uses undefined variables " + message.variables());
    }
    if (expect != null && !expect.variables().isEmpty()) {
      throw new InvalidInputException(
          "websocket: expect uses undefined variables " + expect.variables());
    }
    if (expectRegex && expect == null) {
      throw new InvalidInputException("websocket: a regular expression needs an expect text");
    }
    if (expectRegex && expect.isStatic()) {
      try {
        Pattern.compile(expect.render(null));
      } catch (PatternSyntaxException e) {
        throw new InvalidInputException(
            "websocket: bad expect regex '" + expect + "': " + e.getDescription());
      }
    }
    if (!(connectRate >= 0) || Double.isInfinite(connectRate)) {
      throw new InvalidInputException(
          "--connect-rate must be 0 (all at start) or a positive number, got " + connectRate);
    }
  }
}
