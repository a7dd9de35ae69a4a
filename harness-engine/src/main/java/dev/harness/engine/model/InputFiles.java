package dev.harness.engine.model;

import dev.harness.engine.time.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the files a user names (scenario files, request bodies) with a size limit checked before
 * anything is parsed, so {@code /dev/zero} or a 50 MB file is refused at once instead of filling
 * memory. Only regular files are read.
 */
public final class InputFiles {
  /** Largest scenario file read, unless the system property {@value #SCENARIO_PROPERTY} says. */
  public static final long MAX_SCENARIO_BYTES = 10L * 1024 * 1024;

  /** System property that overrides {@link #MAX_SCENARIO_BYTES}, in bytes. */
  public static final String SCENARIO_PROPERTY = "harness.maxScenarioBytes";

  /** Largest request body read from a file: it is held in memory and sent whole. */
  public static final long MAX_BODY_BYTES = 16L * 1024 * 1024;

  private InputFiles() {}

  /** The scenario size limit in effect. */
  public static long maxScenarioBytes() {
    String v = System.getProperty(SCENARIO_PROPERTY);
    if (v == null || v.isBlank()) {
      return MAX_SCENARIO_BYTES;
    }
    try {
      long n = Long.parseLong(v.trim());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // falls through to the same message
    }
    throw new InvalidInputException(
        "-D" + SCENARIO_PROPERTY + " must be a positive number of bytes, got '" + v + "'");
  }

  /**
   * The bytes of {@code file}, a regular file of at most {@code max} bytes.
   *
   * @param what names the file in the message ("--body-file", "scenario")
   * @throws InvalidInputException when it is missing, not a regular file, too big or unreadable
   */
  public static byte[] read(Path file, long max, String what) {
    String problem = problem(file, max);
    if (problem != null) {
      throw new InvalidInputException("cannot read " + what + " " + file + ": " + problem);
    }
    // The size may change between the check and the read: read at most max + 1 bytes.
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
      if (bytes.length > max) {
        throw new InvalidInputException("cannot read " + what + " " + file + ": " + tooBig(max));
      }
      return bytes;
    } catch (IOException e) {
      throw new InvalidInputException("cannot read " + what + " " + file + ": " + reason(e));
    }
  }

  /** What keeps {@code file} from being read under {@code max} bytes, or null when nothing does. */
  public static String problem(Path file, long max) {
    if (!Files.exists(file)) {
      return "no such file";
    }
    if (!Files.isRegularFile(file)) {
      return Files.isDirectory(file) ? "is a directory" : "is not a regular file";
    }
    try {
      if (Files.size(file) > max) {
        return tooBig(max);
      }
    } catch (IOException e) {
      return "cannot read: " + reason(e);
    }
    return null;
  }

  private static String tooBig(long max) {
    long mib = 1024 * 1024;
    return "larger than the limit of " + (max % mib == 0 ? max / mib + " MiB" : max + " bytes");
  }

  private static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
  }
}
