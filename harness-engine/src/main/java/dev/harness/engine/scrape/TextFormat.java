package dev.harness.engine.scrape;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict parser of the Prometheus text exposition format (version 0.0.4, the one {@code promtool
 * check metrics} reads), for the part a scrape needs: sample lines {@code name{label="value",...}
 * value [timestamp]}; {@code # HELP}, {@code # TYPE} and other comment lines and blank lines are
 * skipped. Label values may hold the escapes {@code \\}, {@code \"} and {@code \n}; values may be
 * {@code NaN}, {@code +Inf} and {@code -Inf}. Anything else is an error naming the line: a scrape
 * that reads half a page is worse than one that fails.
 *
 * <p>Written here because no maintained Java library parses the format: the Prometheus Java client
 * ({@code io.prometheus:prometheus-metrics-exposition-textformats}) only writes it, and Micrometer
 * only writes through that client. Stateless.
 */
public final class TextFormat {
  private TextFormat() {}

  /** One sample line. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  /** Thrown for a line that is not in the format; the message names the line. */
  public static final class ParseException extends Exception {
    private static final long serialVersionUID = 1L;

    ParseException(int line, String message) {
      super("line " + line + ": " + message);
    }
  }

  /** Every sample of {@code text}, in order. */
  public static List<Sample> parse(String text) throws ParseException {
    List<Sample> samples = new ArrayList<>();
    int number = 0;
    for (String line : text.split("\n", -1)) {
      number++;
      String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
      String trimmed = l.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      samples.add(new Line(trimmed, number).sample());
    }
    return samples;
  }

  /**
   * The value of series {@code name} in {@code samples}: its one sample's value, or the sum over
   * its label sets when it has several (e.g. {@code jvm_memory_used_bytes} over its memory pools);
   * NaN when it is not there.
   */
  public static double value(List<Sample> samples, String name) {
    double sum = 0;
    boolean found = false;
    for (Sample s : samples) {
      if (s.name().equals(name)) {
        sum += s.value();
        found = true;
      }
    }
    return found ? sum : Double.NaN;
  }

  /** A cursor over one sample line. */
  private static final class Line {
    private final String s;
    private final int number;
    private int i;

    Line(String s, int number) {
      this.s = s;
      this.number = number;
    }

    Sample sample() throws ParseException {
      String name = name(true);
      Map<String, String> labels = new LinkedHashMap<>();
      if (i < s.length() && s.charAt(i) == '{') {
        i++;
        labels(labels);
      }
      int spaces = skipSpaces();
      if (spaces == 0 || i >= s.length()) {
        throw error("expected a value after '" + name + "'");
      }
      double value = number(token(), "value");
      if (skipSpaces() > 0 && i < s.length()) {
        String ts = token();
        if (!ts.matches("-?[0-9]+")) {
          throw error("timestamp '" + ts + "' is not an integer of milliseconds");
        }
      }
      if (i < s.length()) {
        throw error("unexpected text after the value: '" + s.substring(i) + "'");
      }
      return new Sample(name, labels, value);
    }

    private void labels(Map<String, String> labels) throws ParseException {
      skipSpaces();
      while (i < s.length() && s.charAt(i) != '}') {
        String label = name(false);
        skipSpaces();
        expect('=');
        skipSpaces();
        expect('"');
        labels.put(label, quoted());
        skipSpaces();
        if (i < s.length() && s.charAt(i) == ',') {
          i++;
          skipSpaces();
        } else if (i >= s.length() || s.charAt(i) != '}') {
          throw error("expected ',' or '}' in the labels");
        }
      }
      expect('}');
    }

    private String quoted() throws ParseException {
      StringBuilder v = new StringBuilder();
      while (i < s.length()) {
        char c = s.charAt(i++);
        if (c == '"') {
          return v.toString();
        }
        if (c == '\\') {
          if (i >= s.length()) {
            break;
          }
          char e = s.charAt(i++);
          switch (e) {
            case '\\' -> v.append('\\');
            case '"' -> v.append('"');
            case 'n' -> v.append('\n');
            default -> throw error("unknown escape '\\" + e + "' in a label value");
          }
        } else {
          v.append(c);
        }
      }
      throw error("a label value is not closed with '\"'");
    }

    /** A metric name ({@code [a-zA-Z_:][a-zA-Z0-9_:]*}) or a label name (no colon). */
    private String name(boolean metric) throws ParseException {
      int from = i;
      while (i < s.length()) {
        char c = s.charAt(i);
        boolean letter = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
        boolean ok = letter || (metric && c == ':') || (i > from && c >= '0' && c <= '9');
        if (!ok) {
          break;
        }
        i++;
      }
      if (i == from) {
        throw error("expected a " + (metric ? "metric" : "label") + " name");
      }
      return s.substring(from, i);
    }

    private String token() {
      int from = i;
      while (i < s.length() && s.charAt(i) != ' ' && s.charAt(i) != '\t') {
        i++;
      }
      return s.substring(from, i);
    }

    private int skipSpaces() {
      int from = i;
      while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
        i++;
      }
      return i - from;
    }

    private void expect(char c) throws ParseException {
      if (i >= s.length() || s.charAt(i) != c) {
        throw error("expected '" + c + "'");
      }
      i++;
    }

    private double number(String t, String what) throws ParseException {
      switch (t) {
        case "NaN":
          return Double.NaN;
        case "+Inf", "Inf":
          return Double.POSITIVE_INFINITY;
        case "-Inf":
          return Double.NEGATIVE_INFINITY;
        default:
          if (!t.matches("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?")) {
            throw error(what + " '" + t + "' is not a number");
          }
          return Double.parseDouble(t);
      }
    }

    private ParseException error(String message) {
      return new ParseException(number, message);
    }
  }
}
