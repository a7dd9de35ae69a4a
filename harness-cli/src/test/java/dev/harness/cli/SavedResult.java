package dev.harness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A run's saved result ({@code result.json} of {@code --out}, or the {@code --json} file) read
 * back.
 */
final class SavedResult {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SavedResult() {}

  /** The whole result saved in {@code file}. */
  static JsonNode read(Path file) throws IOException {
    return JSON.readTree(file.toFile());
  }

  /** The resilience section of the result saved in {@code file}: SLO seconds, faults, outages. */
  static JsonNode resilience(Path file) throws IOException {
    return read(file).get("resilience");
  }
}
