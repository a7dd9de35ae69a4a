package dev.harness.cli;

import dev.harness.engine.model.InputFiles;
import dev.harness.engine.model.RequestSpec;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.model.StatusSet;
import dev.harness.engine.model.Target;
import dev.harness.engine.model.UserInfo;
import dev.harness.engine.time.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * The one request a URL-driven command sends: method, headers, body. Shared by run and capacity.
 */
final class RequestOptions {
  /** Their names, which a scenario file sets itself. */
  static final List<String> FLAGS = List.of("--method", "--header", "--body", "--body-file");

  @Option(
      names = {"-m", "-X", "--method"},
      paramLabel = "METHOD",
      defaultValue = "GET",
      description = "HTTP method; -X as curl has it (default: ${DEFAULT-VALUE}).")
  String method;

  @Option(
      names = {"-H", "--header"},
      paramLabel = "'NAME: VALUE'",
      description = "Request header; repeatable.")
  List<String> headers = new ArrayList<>();

  @Option(names = "--body", paramLabel = "TEXT", description = "Request body.")
  String body;

  @Option(names = "--body-file", paramLabel = "FILE", description = "Request body read from FILE.")
  Path bodyFile;

  @Option(
      names = "--ok-status",
      paramLabel = "LIST",
      description =
          "Statuses that are not errors: codes, ranges and classes, e.g. 200-299,429"
              + " (default: 2xx and 3xx). Also overrides a scenario's top-level expect.")
  String okStatus;

  /** The run with {@code --ok-status} applied when it was given; else the run as it is. */
  RunSpec withOkStatus(RunSpec run) {
    if (okStatus == null) {
      return run;
    }
    try {
      return run.toBuilder().okStatus(StatusSet.parse(okStatus)).build();
    } catch (InvalidInputException e) {
      throw new InvalidInputException("--ok-status: " + e.getMessage());
    }
  }

  /**
   * The request to {@code target}'s path, named {@code METHOD path}; the user info of {@code url}
   * (as given) becomes a Basic Authorization header, as curl does.
   */
  RequestSpec toRequest(Target target, String url) {
    List<RequestSpec.Header> hs = new ArrayList<>();
    for (String h : headers) {
      hs.add(RequestSpec.Header.parse(h));
    }
    hs = UserInfo.withBasicAuth(url, hs);
    return RequestSpec.of(
        method.toUpperCase(Locale.ROOT) + " " + target.path(), method, target.path(), hs, body());
  }

  /** Refuses these flags next to a scenario file, which says all of it itself. */
  static void refuseWithScenario(ParseResult given, String file) {
    for (String flag : FLAGS) {
      if (given.hasMatchedOption(flag)) {
        throw new InvalidInputException(
            flag + " does not apply to a scenario file: set it in " + file);
      }
    }
  }

  private byte[] body() {
    if (body != null && bodyFile != null) {
      throw new InvalidInputException("give --body or --body-file, not both");
    }
    if (bodyFile != null) {
      return InputFiles.read(bodyFile, InputFiles.MAX_BODY_BYTES, "--body-file");
    }
    return body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
  }
}
