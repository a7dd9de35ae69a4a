package dev.harness.engine.model;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.harness.engine.time.InvalidInputException;
import java.util.List;

/**
 * A condition a step's answer must meet; a failed check is an error of that step and ends its flow.
 * Immutable.
 */
public sealed interface Check {

  /** Why the answer fails the check, or null when it passes. */
  String failure(Answer answer);

  /**
   * The status is one of {@code accepted}: codes such as {@code 200} or classes such as {@code
   * 2xx}.
   */
  record Status(List<String> accepted) implements Check {
    public Status {
      accepted = List.copyOf(accepted);
      if (accepted.isEmpty()) {
        throw new InvalidInputException("check.status needs at least one status");
      }
      for (String s : accepted) {
        if (!s.matches("[1-5](\\d\\d|xx)")) {
          throw new InvalidInputException(
              "check.status: '" + s + "' is not a status code (200) or class (2xx)");
        }
      }
    }

    @Override
    public String failure(Answer answer) {
      String code = Integer.toString(answer.status());
      for (String s : accepted) {
        if (s.equals(code) || (s.endsWith("xx") && s.charAt(0) == code.charAt(0))) {
          return null;
        }
      }
      return "status " + code + ", expected " + String.join(" or ", accepted);
    }

    /** The accepted statuses as a set: they are expected, so never counted as errors. */
    public StatusSet asStatusSet() {
      return StatusSet.of(accepted);
    }
  }

  /** The header is present and, when {@code equals} is given, has exactly that value. */
  record Header(String name, String equals) implements Check {
    public Header {
      if (name == null || name.isBlank()) {
        throw new InvalidInputException("check.header needs a header name");
      }
    }

    @Override
    public String failure(Answer answer) {
      String v = answer.header(name);
      if (v == null) {
        return "no header " + name;
      }
      return equals == null || equals.equals(v) ? null : "header " + name + " is '" + v + "'";
    }
  }

  /** The body contains the text. */
  record BodyContains(String text) implements Check {
    public BodyContains {
      if (text == null || text.isEmpty()) {
        throw new InvalidInputException("check.bodyContains needs a text");
      }
    }

    @Override
    public String failure(Answer answer) {
      return answer.text().contains(text) ? null : "body does not contain '" + text + "'";
    }
  }

  /**
   * The body is JSON with a value at the pointer; when {@code equals} is given, its text equals it.
   */
  record Json(String pointer, String equals) implements Check {
    public Json {
      Extract.compilePointer(pointer);
    }

    @Override
    public String failure(Answer answer) {
      JsonNode root = answer.json();
      if (root == null) {
        return "body is not JSON";
      }
      JsonNode v = root.at(JsonPointer.compile(pointer));
      if (v.isMissingNode()) {
        return "no JSON value at " + pointer;
      }
      String text = v.isValueNode() ? v.asText() : v.toString();
      return equals == null || equals.equals(text) ? null : pointer + " is '" + text + "'";
    }
  }
}
