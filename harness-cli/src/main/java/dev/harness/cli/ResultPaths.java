package dev.harness.cli;

import dev.harness.engine.time.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks, before a long run or search, that its results can be written there, so the work is never
 * wasted on a path that fails at the end. Each problem is an {@link InvalidInputException}.
 */
final class ResultPaths {
  private ResultPaths() {}

  /** A file to write: its folder exists (or is made) and is writable, and it is not a folder. */
  static void writableFile(Path file) {
    writableDirectory(file.toAbsolutePath().getParent());
    if (Files.isDirectory(file)) {
      throw new InvalidInputException(file + " is a directory; give a file name");
    }
  }

  /** A folder to write into: it exists (or is made) and is writable. */
  static void writableDirectory(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new InvalidInputException("cannot create directory " + dir + ": " + e.getMessage());
    }
    if (!Files.isWritable(dir)) {
      throw new InvalidInputException("cannot write into " + dir);
    }
  }
}
