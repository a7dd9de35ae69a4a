package dev.harness.engine.model;

import dev.harness.engine.time.InvalidInputException;
import java.util.List;

/**
 * Rows of values for a flow, one row per flow instance, in order: a CSV file's columns become flow
 * variables. Immutable.
 *
 * @param source where the rows came from (a file name), for messages
 * @param columns variable names, one per column
 * @param rows the rows, each with one value per column
 * @param wrap at the end, start again from the first row; otherwise the run's arrivals end there
 */
public record Feeder(String source, List<String> columns, List<List<String>> rows, boolean wrap) {
  public Feeder {
    columns = List.copyOf(columns);
    rows = rows.stream().map(List::copyOf).toList();
    if (columns.isEmpty()) {
      throw new InvalidInputException("feeder " + source + " has no columns");
    }
    if (rows.isEmpty()) {
      throw new InvalidInputException("feeder " + source + " has no rows");
    }
    for (String c : columns) {
      if (!c.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
        throw new InvalidInputException(
            "feeder " + source + ": column '" + c + "' is not a usable variable name");
      }
    }
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).size() != columns.size()) {
        throw new InvalidInputException(
            "feeder "
                + source
                + ": row "
                + (i + 1)
                + " has "
                + rows.get(i).size()
                + " values, expected "
                + columns.size());
      }
    }
  }
}
