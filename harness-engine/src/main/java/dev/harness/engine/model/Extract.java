package dev.harness.engine.model;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.harness.engine.time.InvalidInputException;
import java.util.Set;
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

  /**
   * The value, or null when the answer does not have it.
   *
   * @param values the flow's values the source's templates are rendered with
   */
  public String apply(Answer answer, Template.Values values) {
    return source.value(answer, values);
  }

  /**
   * Where an extracted value comes from. Its text (pointer, header name, regex) is a {@link
   * Template}, rendered with the flow's values before it is applied.
   */
  public sealed interface Source {
    String value(Answer answer, Template.Values values);

    /** Flow variables the source's template uses (built-ins excluded). */
    Set<String> variables();

    /** The source as written, e.g. {@code json /accessToken}, for a failure's reason. */
    String describe();
  }

  /** The JSON value at a pointer (RFC 6901), as text. */
  public record JsonAt(Template pointer) implements Source {
    public JsonAt {
      if (pointer == null) {
        throw new InvalidInputException("extract: json needs a JSON pointer");
      }
      if (pointer.isStatic()) {
        compilePointer(pointer.toString());
      }
    }

    public JsonAt(String pointer) {
      this(pointer == null ? null : Template.parse(pointer));
    }

    @Override
    public String value(Answer answer, Template.Values values) {
      JsonNode root = answer.json();
      if (root == null) {
        return null;
      }
      JsonNode v = valueAt(root, pointer.render(values));
      if (v == null || v.isMissingNode() || v.isNull()) {
        return null;
      }
      return v.isValueNode() ? v.asText() : v.toString();
    }

    @Override
    public Set<String> variables() {
      return pointer.variables();
    }

    @Override
    public String describe() {
      return "json " + pointer;
    }
  }

  /** The first value of a header. */
  public record HeaderValue(Template name) implements Source {
    public HeaderValue {
      if (name == null || name.toString().isBlank()) {
        throw new InvalidInputException("extract: header needs a name");
      }
    }

    public HeaderValue(String name) {
      this(name == null ? null : Template.parse(name));
    }

    @Override
    public String value(Answer answer, Template.Values values) {
      return answer.header(name.render(values));
    }

    @Override
    public Set<String> variables() {
      return name.variables();
    }

    @Override
    public String describe() {
      return "header " + name;
    }
  }

  /**
   * The first match of a regular expression in the body: its group 1 if it has one. A regex with a
   * placeholder is compiled for each answer, after the flow's value is put in as regex text (quote
   * it as {@code \Q${v}\E} to match it literally); one without is compiled once.
   *
   * @param source the expression as written
   * @param pattern the compiled expression when it has no placeholder, else null
   */
  public record Regex(Template source, Pattern pattern) implements Source {
    /** Compiles {@code regex}, with a one-line error when it is not a valid expression. */
    public static Regex of(String regex) {
      if (regex == null) {
        throw new InvalidInputException("extract: regex is missing");
      }
      Template t = Template.parse(regex);
      return new Regex(t, t.isStatic() ? compile(t.render(NO_VALUES)) : null);
    }

    private static Pattern compile(String regex) {
      try {
        return Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        throw new InvalidInputException("bad regex '" + regex + "': " + e.getDescription());
      }
    }

    @Override
    public String value(Answer answer, Template.Values values) {
      Pattern p = pattern;
      if (p == null) {
        try {
          p = Pattern.compile(source.render(values));
        } catch (PatternSyntaxException e) {
          return null;
        }
      }
      Matcher m = p.matcher(answer.text());
      if (!m.find()) {
        return null;
      }
      return m.groupCount() >= 1 ? m.group(1) : m.group();
    }

    @Override
    public Set<String> variables() {
      return source.variables();
    }

    @Override
    public String describe() {
      return "regex " + source;
    }
  }

  /** Values for a template without placeholders: asked for nothing. */
  private static final Template.Values NO_VALUES =
      new Template.Values() {
        @Override
        public String variable(String name) {
          return null;
        }

        @Override
        public long counter() {
          return 0;
        }
      };

  /** The node at a rendered pointer, or null when the text is not a valid pointer. */
  static JsonNode valueAt(JsonNode root, String pointer) {
    try {
      return root.at(JsonPointer.compile(pointer));
    } catch (IllegalArgumentException e) {
      return null;
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
