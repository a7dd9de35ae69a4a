package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SpareDescriptorsTest {
  @Test
  void holdsEightDescriptorsAndGivesThemBack() throws Exception {
    assumeTrue(new File("/dev/null").canRead() && Files.isDirectory(Path.of("/proc/self/fd")));
    SpareDescriptors.hold().release(); // the classes loaded, so the counts below are ours alone
    long before = openDescriptors();
    SpareDescriptors spares = SpareDescriptors.hold();
    assertEquals(8, spares.count());
    long held = openDescriptors();
    assertEquals(before + 8, held);
    spares.release();
    spares.release(); // idempotent
    assertEquals(0, spares.count());
    assertEquals(held - 8, openDescriptors());
  }

  private static long openDescriptors() throws Exception {
    try (var fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }
}
