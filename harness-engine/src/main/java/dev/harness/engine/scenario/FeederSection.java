package dev.harness.engine.scenario;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.harness.engine.model.Feeder;
import dev.harness.engine.time.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads a flow's {@code feeder:}: the CSV file it names, read whole, and what to do at its end. */
final class FeederSection {
  private FeederSection() {}

  static Feeder feeder(ScenarioFile in, Node node) {
    Map<String, Node> f = node.fields(Set.of("file", "onEnd"));
    Node fileNode = in.required(f, "file", node, "a CSV file with a header row");
    boolean wrap = true;
    if (f.containsKey("onEnd")) {
      Node e = f.get("onEnd");
      wrap =
          switch (e.text().toLowerCase(Locale.ROOT)) {
            case "wrap" -> true;
            case "stop" -> false;
            default -> throw e.error("must be wrap or stop, got '" + e.text() + "'");
          };
    }
    Path csv = in.resolve(fileNode);
    if (!Files.isRegularFile(csv)) {
      throw fileNode.error("names a file that does not exist: " + csv);
    }
    List<String> columns;
    List<List<String>> rows = new ArrayList<>();
    CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
    try (MappingIterator<List<String>> it =
        mapper
            .readerFor(List.class)
            .with(CsvParser.Feature.TRIM_SPACES)
            .with(CsvParser.Feature.SKIP_EMPTY_LINES)
            .readValues(csv.toFile())) {
      if (!it.hasNext()) {
        throw fileNode.error("names an empty file: " + csv);
      }
      columns = it.next();
      while (it.hasNext()) {
        rows.add(it.next());
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof ScenarioException se) {
        throw se;
      }
      throw fileNode.error("cannot be read as CSV: " + ScenarioFile.reason(e));
    }
    try {
      return new Feeder(fileNode.text(), columns, rows, wrap);
    } catch (InvalidInputException e) {
      throw fileNode.error(e);
    }
  }
}
