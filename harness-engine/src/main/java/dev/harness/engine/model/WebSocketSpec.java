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
 * @param rooms chat fan-out: 0 for request and reply; else the sockets are spread over this many
 *     rooms (socket {@code i} joins the room {@code i mod rooms}, at the target path with the
 *     room's number appended), and a message is answered once every other member of its sender's
 *     room has received it (the expectation is then the message itself)
 */
public record WebSocketSpec(
    Template message, Template expect, boolean expectRegex, double connectRate, int rooms) {

  /** The default: messages {@code message ${counter}}, answered by their echo, sockets at once. */
  public static final WebSocketSpec ECHO =
      new WebSocketSpec(Template.parse("message ${counter}"), null, false, 0, 0);

  /** This spec without chat rooms. */
  public WebSocketSpec(Template message, Template expect, boolean expectRegex, double connectRate) {
    this(message, expect, expectRegex, connectRate, 0);
  }

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
    if (rooms < 0) {
      throw new InvalidInputException("--rooms must be 0 (no chat) or more, got " + rooms);
    }
    if (rooms > 0 && (expect != null || !message.toString().contains("${counter}"))) {
      throw new InvalidInputException(
          "chat rooms match each message by its text: the message must contain ${counter} and"
              + " no --expect is given");
    }
    if (!(connectRate >= 0) || Double.isInfinite(connectRate)) {
      throw new InvalidInputException(
          "--connect-rate must be 0 (all at start) or a positive number, got " + connectRate);
    }
  }
}
