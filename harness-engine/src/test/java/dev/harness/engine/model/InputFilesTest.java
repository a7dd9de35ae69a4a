package dev.harness.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.harness.engine.time.InvalidInputException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFilesTest {
  @Test
  void devZeroIsRefusedWithoutReadingIt() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> InputFiles.read(Path.of("/dev/zero"), 1024, "--body-file"));
    assertEquals("cannot read --body-file /dev/zero: is not a regular file", e.getMessage());
  }

  @Test
  void aFileAboveTheLimitIsRefusedBeforeItIsRead(@TempDir Path dir) throws IOException {
    Path big = dir.resolve("big.yaml");
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(50L * 1024 * 1024);
    }
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> InputFiles.read(big, InputFiles.MAX_SCENARIO_BYTES, "scenario"));
    assertEquals(
        "cannot read scenario " + big + ": larger than the limit of 10 MiB", e.getMessage());
  }

  @Test
  void aFileUnderTheLimitIsReadWhole(@TempDir Path dir) throws IOException {
    Path body = dir.resolve("body");
    Files.write(body, new byte[] {1, 2, 3});
    assertArrayEquals(new byte[] {1, 2, 3}, InputFiles.read(body, 3, "--body-file"));
    assertThrows(InvalidInputException.class, () -> InputFiles.read(body, 2, "--body-file"));
    assertThrows(InvalidInputException.class, () -> InputFiles.read(dir, 2, "--body-file"));
  }

  @Test
  void theScenarioLimitFollowsItsProperty() {
    try {
      System.setProperty(InputFiles.SCENARIO_PROPERTY, "2048");
      assertEquals(2048, InputFiles.maxScenarioBytes());
      System.setProperty(InputFiles.SCENARIO_PROPERTY, "lots");
      assertThrows(InvalidInputException.class, InputFiles::maxScenarioBytes);
    } finally {
      System.clearProperty(InputFiles.SCENARIO_PROPERTY);
    }
    assertEquals(InputFiles.MAX_SCENARIO_BYTES, InputFiles.maxScenarioBytes());
  }
}
