package dev.harness.cli;

import dev.harness.engine.model.Protocol;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.model.Target;
import dev.harness.engine.model.Template;
import dev.harness.engine.model.WebSocketSpec;
import dev.harness.engine.time.InvalidInputException;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/** The messages of a {@code ws://} or {@code wss://} run: what to send, what answers it. */
final class WebSocketOptions {
  private static final String[] NAMES = {
    "--message", "--expect", "--expect-regex", "--expect-timeout", "--connect-rate", "--rooms"
  };

  @Option(
      names = "--message",
      paramLabel = "TEXT",
      description =
          "WebSocket: the text of each message, a template: $${counter}, $${uuid},"
              + " $${randomInt(A,B)} (default: 'message $${counter}').")
  String message;

  @Option(
      names = "--expect",
      paramLabel = "TEXT",
      description =
          "WebSocket: the reply that answers a message (a template rendered with the message's"
              + " values); default: the message itself, as an echo service answers.")
  String expect;

  @Option(
      names = "--expect-regex",
      paramLabel = "REGEX",
      description =
          "WebSocket: a regular expression (a template first) the whole reply must match,"
              + " instead of --expect.")
  String expectRegex;

  @Option(
      names = "--expect-timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "WebSocket: a message with no matching reply this long after it was written is a"
              + " timeout (default: --timeout).")
  Long expectTimeoutNanos;

  @Option(
      names = "--connect-rate",
      paramLabel = "PER_SECOND",
      description = {
        "WebSocket: sockets opened per second during the run (default: all at the start)."
      })
  Double connectRate;

  @Option(
      names = "--rooms",
      paramLabel = "N",
      description =
          "WebSocket chat fan-out: spread the -c sockets over N rooms (socket i joins the URL's"
              + " path + (i mod N)); a message is answered once every other member of its room has it.")
  Integer rooms;

  /** {@code run} as a WebSocket run when {@code url} is ws:// or wss://. */
  RunSpec apply(RunSpec run, String url, ParseResult given) {
    if (!Target.isWebSocket(url)) {
      for (String n : NAMES) {
        if (given.hasMatchedOption(n)) {
          throw new InvalidInputException(n + " applies to ws:// and wss:// URLs");
        }
      }
      return run;
    }
    if (expect != null && expectRegex != null) {
      throw new InvalidInputException("give --expect or --expect-regex, not both");
    }
    if (expectTimeoutNanos != null && expectTimeoutNanos <= 0) {
      throw new InvalidInputException("--expect-timeout must be positive");
    }
    WebSocketSpec ws =
        new WebSocketSpec(
            message == null ? WebSocketSpec.ECHO.message() : Template.parse(message),
            expectRegex != null
                ? Template.parse(expectRegex)
                : expect == null ? null : Template.parse(expect),
            expectRegex != null,
            connectRate == null ? 0 : connectRate,
            rooms == null ? 0 : rooms);
    RunSpec.Builder b = run.toBuilder().protocol(Protocol.WEBSOCKET).websocket(ws);
    if (expectTimeoutNanos != null) {
      b.timeoutNanos(expectTimeoutNanos);
    }
    return b.build();
  }
}
