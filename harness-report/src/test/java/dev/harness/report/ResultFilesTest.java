package dev.harness.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultFilesTest {

  @TempDir Path dir;

  @Test
  void writesTheContentAndLeavesNoTemporaryFileBehind() throws IOException {
    Path file = dir.resolve("result.json");
    byte[] content = "{\"schema\":1}\n".getBytes(StandardCharsets.UTF_8);

    ResultFiles.writeAtomically(file, content);

    assertEquals(List.of("result.json"), names(dir), "files in the directory");
    assertArrayEquals(content, Files.readAllBytes(file), "content of result.json");
  }

  @Test
  void replacesAnExistingFileWhole() throws IOException {
    Path file = dir.resolve("result.json");
    Files.writeString(file, "an older and much longer result that must not leave a tail behind");
    byte[] content = "new".getBytes(StandardCharsets.UTF_8);

    ResultFiles.writeAtomically(file, content);

    assertEquals("new", Files.readString(file), "content after replacing");
    assertEquals(List.of("result.json"), names(dir), "files in the directory");
  }

  @Test
  void createsMissingParentDirectories() throws IOException {
    Path file = dir.resolve("runs/2025-03-01/result.json");

    ResultFiles.writeAtomically(file, new byte[] {'x'});

    assertEquals("x", Files.readString(file), "content of the file in the new directory");
    assertEquals(List.of("result.json"), names(file.getParent()), "files in the new directory");
  }

  @Test
  void failedReplaceDeletesTheTemporaryFileAndLeavesTheTargetAlone() throws IOException {
    // A non-empty directory where the file should go: the rename must fail.
    Path blocked = dir.resolve("result.json");
    Files.createDirectory(blocked);
    Files.writeString(blocked.resolve("keep.txt"), "kept");

    assertThrows(IOException.class, () -> ResultFiles.writeAtomically(blocked, new byte[] {'x'}));

    assertEquals(List.of("result.json"), names(dir), "files in the directory after the failure");
    assertEquals("kept", Files.readString(blocked.resolve("keep.txt")), "what was there before");
  }

  @Test
  void writesAnEmptyFile() throws IOException {
    Path file = dir.resolve("empty.json");

    ResultFiles.writeAtomically(file, new byte[0]);

    assertEquals(0, Files.size(file), "size of the empty file");
  }

  @Test
  void resultGetsThePermissionsOfAnOrdinaryNewFileNotOwnerOnly() throws IOException {
    assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX only");
    Path ordinary = Files.createFile(dir.resolve("ordinary"));
    Path file = dir.resolve("result.json");

    ResultFiles.writeAtomically(file, new byte[] {'x'});

    assertEquals(
        Files.getPosixFilePermissions(ordinary),
        Files.getPosixFilePermissions(file),
        "permissions: expected those of a file created under the same umask");
  }

  private static List<String> names(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
