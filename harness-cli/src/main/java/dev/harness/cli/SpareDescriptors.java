package dev.harness.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A few file descriptors held from before a run's first connection until its results are written:
 * {@code /dev/null} opened read-only, closed by {@link #release} right before the writing.
 *
 * <p>Why: a run that ends because the generator ran out of descriptors ({@code ulimit -n}) must
 * still write its result, and each file written takes a descriptor. Linux hands out the lowest free
 * number below the limit; the run's sockets close when it ends, but their numbers can all be above
 * what the limit allows, and whether the event loops' own descriptors (opened before them) are
 * enough was a race: a test lowered the limit mid-run and, now and then, the run said why it ended
 * and then could not write {@code report.html}. These are opened before any socket, so their
 * numbers are below every socket's.
 *
 * <p>Thread contract: one thread (the command's) opens and releases.
 */
final class SpareDescriptors {
  /** The files a result writes, one after another, with room for a template read beside one. */
  private static final int COUNT = 8;

  private static final Path DEV_NULL = Path.of("/dev/null");

  private final List<FileChannel> held = new ArrayList<>();

  private SpareDescriptors() {}

  /** Holds up to {@link #COUNT} descriptors; none where there is no {@code /dev/null}. */
  static SpareDescriptors hold() {
    SpareDescriptors spares = new SpareDescriptors();
    if (Files.isReadable(DEV_NULL)) {
      for (int i = 0; i < COUNT; i++) {
        try {
          spares.held.add(FileChannel.open(DEV_NULL));
        } catch (IOException e) {
          break; // already short of descriptors: hold what we have
        }
      }
    }
    return spares;
  }

  /** How many are held. */
  int count() {
    return held.size();
  }

  /** Closes them all, so the writing that follows has their numbers; idempotent. */
  void release() {
    for (FileChannel c : held) {
      try {
        c.close();
      } catch (IOException e) {
        // Nothing to do: a failed close of /dev/null leaves nothing behind worth reporting.
      }
    }
    held.clear();
  }
}
