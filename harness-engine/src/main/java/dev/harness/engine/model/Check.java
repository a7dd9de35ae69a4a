package dev.harness.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harness.engine.time.InvalidInputException;
import java.util.List;
import java.util.Set;

/**
 * A condition a step's answer must meet; a failed check is an error of that step and ends its flow.
 * Every expected value is a {@link Template}: {@code ${username}} is the flow's value (a feeder
 * column, a {@code vars} entry or a value an earlier step extracted), rendered for each answer.
 * Immutable.
 */
public sealed interface Check {

  /**
   * Why the answer fails the check (which check, what was expected, what came; each value cut to
   * {@link Reasons#VALUE_CHARS}), or null when it passes. The text is built only on failure.
   *
   * @param values the flow's values the expected values are rendered with
   */
  String failure(Answer answer, Template.Values values);

  /** Flow variables the check's templates use (built-ins excluded). */
  default Set<String> variables() {
    return Set.of();
  }

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
    public String failure(Answer answer, Template.Values values) {
      String code = Integer.toString(answer.status());
      for (String s : accepted) {
        if (s.equals(code) || (s.endsWith("xx") && s.charAt(0) == code.charAt(0))) {
          return null;
        }
      }
      return "status: expected " + String.join(" or ", accepted) + ", got " + code;
    }

    /** The accepted statuses as a set: they are expected, so never counted as errors. */
    public StatusSet asStatusSet() {
      return StatusSet.of(accepted);
    }
  }

  /** The header is present and, when {@code equals} is given, has exactly that value. */
  record Header(String name, Template equals) implements Check {
    public Header {
      if (name == null || name.isBlank()) {
        throw new InvalidInputException("check.header needs a header name");
      }
    }

    /** A check of the header's value as written, {@code ${...}} placeholders and all. */
    public Header(String name, String equals) {
      this(name, equals == null ? null : Template.parse(equals));
    }

    @Override
    public String failure(Answer answer, Template.Values values) {
      String v = answer.header(name);
      if (v == null) {
        return "header " + name + ": missing";
      }
      if (equals == null) {
        return null;
      }
      String expected = equals.render(values);
      return expected.equals(v) ? null : Reasons.expectedGot("header " + name, expected, v);
    }

    @Override
    public Set<String> variables() {
      return equals == null ? Set.of() : equals.variables();
    }
  }

  /** The body contains the text. */
  record BodyContains(Template text) implements Check {
    public BodyContains {
      if (text == null || text.toString().isEmpty()) {
        throw new InvalidInputException("check.bodyContains needs a text");
      }
    }

    public BodyContains(String text) {
      this(text == null ? null : Template.parse(text));
    }

    @Override
    public String failure(Answer answer, Template.Values values) {
      String expected = text.render(values);
      String body = answer.text();
      return body.contains(expected)
          ? null
          : "bodyContains: expected '"
              + Reasons.cut(expected)
              + "', got body '"
              + Reasons.cut(body)
              + "'";
    }

    @Override
    public Set<String> variables() {
      return text.variables();
    }
  }

  /**
   * The body is JSON with a value at the pointer; when {@code equals} is given, its text equals it.
   * Both are templates ({@code /users/${id}/name}); a pointer with a placeholder is checked once
   * rendered.
   */
  record Json(Template pointer, Template equals) implements Check {
    public Json {
      if (pointer == null) {
        throw new InvalidInputException("check.json needs a JSON pointer");
      }
      if (pointer.isStatic()) {
        Extract.compilePointer(pointer.toString());
      }
    }

    public Json(String pointer, String equals) {
      this(
          pointer == null ? null : Template.parse(pointer),
          equals == null ? null : Template.parse(equals));
    }

    @Override
    public String failure(Answer answer, Template.Values values) {
      String at = pointer.render(values);
      JsonNode root = answer.json();
      if (root == null) {
        return "json " + at + ": body is not JSON, got '" + Reasons.cut(answer.text()) + "'";
      }
      JsonNode v = Extract.valueAt(root, at);
      if (v == null || v.isMissingNode()) {
        return "json " + at + ": no value";
      }
      if (equals == null) {
        return null;
      }
      String text = v.isValueNode() ? v.asText() : v.toString();
      String expected = equals.render(values);
      return expected.equals(text) ? null : Reasons.expectedGot("json " + at, expected, text);
    }

    @Override
    public Set<String> variables() {
      if (equals == null) {
        return pointer.variables();
      }
      Set<String> all = new java.util.LinkedHashSet<>(pointer.variables());
      all.addAll(equals.variables());
      return all;
    }
  }
}
