package dev.harness.engine.model;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.harness.engine.time.InvalidInputException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Takes a value out of a step's answer into a flow variable, for later steps' templates. A value
 * that is not there fails the step (as a failed check does) and ends the flow. Immutable.
 *
 * @param variable name later templates use as {@code ${variable}}
 * @param source where the value comes from
 */
public record Extract(String variable, Source source) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

  public Extract {
    if (variable == null || !NAME.matcher(variable).matches()) {
      throw new InvalidInputException("bad variable name '" + variable + "'");
    }
    if (Template.BUILT_INS.contains(variable)) {
      throw new InvalidInputException("'" + variable + "' is a built-in and cannot be extracted");
    }
    if (source == null) {
      throw new InvalidInputException("extract." + variable + " needs a source");
    }
  }

  /** The value, or null when the answer does not have it. */
  public String apply(Answer answer) {
    return source.value(answer);
  }

  /** Where an extracted value comes from. */
  public sealed interface Source {
    String value(Answer answer);
  }

  /** The JSON value at a pointer (RFC 6901), as text. */
  public record JsonAt(String pointer) implements Source {
    public JsonAt {
      compilePointer(pointer);
    }

    @Override
    public String value(Answer answer) {
      JsonNode root = answer.json();
      if (root == null) {
        return null;
      }
      JsonNode v = root.at(JsonPointer.compile(pointer));
      if (v.isMissingNode() || v.isNull()) {
        return null;
      }
      return v.isValueNode() ? v.asText() : v.toString();
    }
  }

  /** The first value of a header. */
  public record HeaderValue(String name) implements Source {
    public HeaderValue {
      if (name == null || name.isBlank()) {
        throw new InvalidInputException("extract: header needs a name");
      }
    }

    @Override
    public String value(Answer answer) {
      return answer.header(name);
    }
  }

  /** The first match of a regular expression in the body: its group 1 if it has one. */
  public record Regex(Pattern pattern) implements Source {
    /** Compiles {@code regex}, with a one-line error when it is not a valid expression. */
    public static Regex of(String regex) {
      try {
        return new Regex(Pattern.compile(regex));
      } catch (PatternSyntaxException e) {
        throw new InvalidInputException("bad regex '" + regex + "': " + e.getDescription());
      } catch (NullPointerException e) {
        throw new InvalidInputException("extract: regex is missing");
      }
    }

    @Override
    public String value(Answer answer) {
      Matcher m = pattern.matcher(answer.text());
      if (!m.find()) {
        return null;
      }
      return m.groupCount() >= 1 ? m.group(1) : m.group();
    }
  }

  /** Checks a JSON pointer's syntax, with a one-line error. */
  static JsonPointer compilePointer(String pointer) {
    if (pointer == null || !(pointer.isEmpty() || pointer.startsWith("/"))) {
      throw new InvalidInputException(
          "bad JSON pointer '" + pointer + "': it must be empty or start with '/'");
    }
    try {
      return JsonPointer.compile(pointer);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("bad JSON pointer '" + pointer + "': " + e.getMessage());
    }
  }
}
