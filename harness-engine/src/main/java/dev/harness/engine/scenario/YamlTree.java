package dev.harness.engine.scenario;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML into {@link Node}s that remember their line, by walking Jackson's YAML parser token by
 * token (a Jackson tree forgets where each value was written, and error messages need it).
 */
final class YamlTree {

  private YamlTree() {}

  /** The document's root; a YAML syntax error is a {@link ScenarioException} with its line. */
  static Node read(String file, String text) {
    try (JsonParser p = factory(text.length()).createParser(text)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new ScenarioException(file, 0, "the file is empty");
      }
      Node root = value(file, "", p);
      if (p.nextToken() != null) {
        throw new ScenarioException(file, line(p), "more than one YAML document");
      }
      return root;
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      String why = firstLine(e.getOriginalMessage());
      if (e.getCause() instanceof MarkedYAMLException m && m.getProblem() != null) {
        // SnakeYAML knows the problem and where it is ("expected <block end>, but found '-'").
        why = m.getProblem() + (m.getProblem().contains("block") ? " (check the indentation)" : "");
        line = m.getProblemMark() == null ? line : m.getProblemMark().getLine() + 1;
      }
      throw new ScenarioException(file, line, "not valid YAML: " + firstLine(why));
    } catch (IOException e) {
      throw new ScenarioException(file, 0, "cannot read: " + e.getMessage());
    }
  }

  /**
   * A parser factory whose code point limit admits this text: the file's size was checked against
   * the scenario limit before, and SnakeYAML's own default limit (3 MB) would refuse a smaller file
   * than the documented limit with a confusing message.
   */
  private static YAMLFactory factory(int length) {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(Math.max(options.getCodePointLimit(), length + 1));
    return YAMLFactory.builder().loaderOptions(options).build();
  }

  private static Node value(String file, String path, JsonParser p) throws IOException {
    int line = line(p);
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        Map<String, Node> entries = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          int keyLine = line(p);
          if (entries.containsKey(key)) {
            throw new ScenarioException(
                file, keyLine, (path.isEmpty() ? "" : path + ": ") + "duplicate key '" + key + "'");
          }
          p.nextToken();
          entries.put(key, value(file, path.isEmpty() ? key : path + "." + key, p));
        }
        return Node.map(file, path.isEmpty() ? "(top level)" : path, line, entries);
      }
      case START_ARRAY -> {
        List<Node> items = new ArrayList<>();
        int i = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.add(value(file, path + "[" + i++ + "]", p));
        }
        return Node.list(file, path, line, items);
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return Node.scalar(file, path, line, Node.Kind.NUMBER, p.getText());
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return Node.scalar(file, path, line, Node.Kind.BOOLEAN, p.getText());
      }
      case VALUE_NULL -> {
        return Node.scalar(file, path, line, Node.Kind.NULL, null);
      }
      default -> {
        return Node.scalar(file, path, line, Node.Kind.TEXT, p.getText());
      }
    }
  }

  private static int line(JsonParser p) {
    return p.currentTokenLocation().getLineNr();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "syntax error";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).trim();
  }
}
