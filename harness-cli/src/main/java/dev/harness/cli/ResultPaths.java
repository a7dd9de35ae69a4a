package dev.harness.cli;

import dev.harness.engine.time.InvalidInputException;
import dev.harness.report.ResultFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks, before a long run or search, that its results can be written there, so the work is never
 * wasted on a path that fails at the end, and writes them: {@code -} is standard output, a FIFO or
 * device is written directly, a regular file atomically ({@link ResultFiles}). Each problem found
 * before the run is an {@link InvalidInputException}.
 */
final class ResultPaths {
  /** The file name that means standard output, as curl, tar and most tools read it. */
  static final String STDOUT = "-";

  private ResultPaths() {}

  /** Whether {@code file} is {@code -}, standard output. */
  static boolean isStdout(Path file) {
    return file != null && file.toString().equals(STDOUT);
  }

  /**
   * A file to write: standard output; a stream that exists and can be written (a FIFO, a device,
   * {@code /dev/stdout}); or a file whose folder exists (or is made) and is writable, and which is
   * not a folder.
   */
  static void writableFile(Path file) {
    if (isStdout(file)) {
      return;
    }
    if (Files.isDirectory(file)) {
      throw new InvalidInputException(file + " is a directory; give a file name");
    }
    if (ResultFiles.isStream(file)) {
      if (!Files.exists(file)) {
        throw new InvalidInputException("cannot write " + file + ": it does not exist");
      }
      if (!Files.isWritable(file)) {
        throw new InvalidInputException("cannot write " + file);
      }
      return;
    }
    writableDirectory(file.toAbsolutePath().getParent());
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

  /**
   * Writes {@code content} to {@code file}: to {@code out} when it is {@code -}, else as {@link
   * ResultFiles#writeAtomically} does (directly into a FIFO or device, atomically into a file).
   */
  static void write(Path file, byte[] content, PrintWriter out) throws IOException {
    if (isStdout(file)) {
      out.print(new String(content, StandardCharsets.UTF_8));
      out.flush();
      return;
    }
    ResultFiles.writeAtomically(file, content);
  }
}
