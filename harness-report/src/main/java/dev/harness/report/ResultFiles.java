package dev.harness.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes report files so that a reader, or a run that crashes or is interrupted mid-write, only
 * ever sees the old file or the complete new one, never half a JSON. What is not a regular file (a
 * FIFO, a device, {@code /dev/stdout}) is written directly instead: renaming a file over it would
 * replace the pipe or the link with a plain file nobody reads.
 */
public final class ResultFiles {

  private ResultFiles() {}

  /**
   * Replaces {@code file} with {@code content} atomically: the bytes go to a temporary file in the
   * same directory ({@code .NAME.RANDOM.tmp}), are forced to disk, and the temporary file is then
   * renamed over {@code file}. Missing parent directories are created.
   *
   * <p>The rename is atomic where the file system supports it; where it refuses an atomic move the
   * file is replaced with an ordinary move, which on local file systems is still a rename. If
   * anything fails, the temporary file is deleted and an existing {@code file} is left as it was.
   * Only a process killed between creating and renaming the temporary file can leave it behind;
   * {@code file} itself is intact even then.
   *
   * <p>A symbolic link stays a link: the file it points to is replaced. A path that is not a
   * regular file, or one under {@code /dev} or {@code /proc} ({@code /dev/stdout} of a shell that
   * redirected the output into a file), is written directly, appended as a shell's {@code >>}
   * would, never renamed over.
   *
   * @throws IOException if the directory cannot be created or the file cannot be written or moved
   */
  public static void writeAtomically(Path file, byte[] content) throws IOException {
    Path target = file.toAbsolutePath();
    if (isStream(target)) {
      writeDirectly(target, content);
      return;
    }
    if (Files.isSymbolicLink(target) && Files.exists(target)) {
      target = target.toRealPath();
    }
    Path dir = target.getParent();
    Files.createDirectories(dir);
    Path tmp = null;
    boolean moved = false;
    try {
      tmp = createTemp(dir, target.getFileName().toString());
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      moved = true;
      syncDirectory(dir);
    } finally {
      if (tmp != null && !moved) {
        deleteQuietly(tmp);
      }
    }
  }

  /**
   * Whether {@code path} is a stream rather than a file to replace: something that exists and is
   * not a regular file or a directory (a FIFO, a device, a socket), or any path under {@code /dev}
   * or {@code /proc}, whose links lead to a process's open descriptors.
   */
  public static boolean isStream(Path path) {
    Path abs = path.toAbsolutePath().normalize();
    if (abs.startsWith("/dev/") || abs.startsWith("/proc/")) {
      return true;
    }
    return Files.exists(abs) && !Files.isRegularFile(abs) && !Files.isDirectory(abs);
  }

  /** Writes into a stream that exists (a FIFO blocks here until a reader opens it). */
  private static void writeDirectly(Path stream, byte[] content) throws IOException {
    try (OutputStream out =
        Files.newOutputStream(stream, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      out.write(content);
      out.flush();
    }
  }

  /**
   * A new empty file next to the target. Not {@link Files#createTempFile}: that makes the file
   * readable by its owner only, and the permissions would follow the rename onto the result.
   */
  private static Path createTemp(Path dir, String name) throws IOException {
    for (int attempt = 0; ; attempt++) {
      String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
      Path tmp = dir.resolve("." + name + "." + suffix + ".tmp");
      try {
        FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        return tmp;
      } catch (FileAlreadyExistsException e) {
        if (attempt >= 10) {
          throw e;
        }
      }
    }
  }

  /** Makes the rename itself durable where the platform allows syncing a directory (Linux does). */
  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | RuntimeException e) {
      // Not supported on every platform (Windows); the file's content is already on disk.
    }
  }

  private static void deleteQuietly(Path tmp) {
    try {
      Files.deleteIfExists(tmp);
    } catch (IOException e) {
      // The original failure is the one worth reporting; a stray .tmp file is harmless.
    }
  }
}
