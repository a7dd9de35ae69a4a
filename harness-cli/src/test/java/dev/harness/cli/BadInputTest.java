package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets one clear line and exit 2; an unreachable target exit 3; never a stack trace. */
class BadInputTest {

  private static void assertOneLineError(Cli r, int code, String says) {
    assertEquals(code, r.exitCode(), "exit code; " + r);
    String err = r.err().strip();
    assertFalse(err.contains("\n"), "one line on stderr; " + r);
    assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace; " + r);
    assertTrue(err.startsWith("harness: "), "prefixed line; " + r);
    assertTrue(err.contains(says), "should say '" + says + "'; " + r);
  }

  @Test
  void badUrlExits2() {
    assertOneLineError(Cli.run("run", "htp:/nowhere", "-R", "10", "-d", "1s"), 2, "bad URL");
    assertOneLineError(Cli.run("run", "127.0.0.1:8080", "-R", "10"), 2, "bad URL");
  }

  @Test
  void negativeRateExits2() {
    assertOneLineError(
        Cli.run("run", "http://127.0.0.1:1/", "-R", "-5"), 2, "--rate must be a positive number");
    assertOneLineError(
        Cli.run("run", "http://127.0.0.1:1/", "-R", "0"), 2, "--rate must be a positive number");
  }

  @Test
  void missingRateExits2() {
    assertOneLineError(Cli.run("run", "http://127.0.0.1:1/"), 2, "missing --rate");
  }

  @Test
  void unknownFlagExits2() {
    assertOneLineError(
        Cli.run("run", "http://127.0.0.1:1/", "-R", "10", "--frobnicate"),
        2,
        "Unknown option: '--frobnicate'");
  }

  @Test
  void unparsableDurationExits2() {
    assertOneLineError(
        Cli.run("run", "http://127.0.0.1:1/", "-R", "10", "-d", "ten"),
        2,
        "'ten' is not a duration");
  }

  @Test
  void badCriterionExits2() {
    assertOneLineError(
        Cli.run("run", "http://127.0.0.1:1/", "-R", "10", "--assert", "p99 < 5"), 2, "add a unit");
  }

  @Test
  void moreWorkersThanConnectionsExits2() {
    assertOneLineError(
        Cli.run("run", "http://127.0.0.1:1/", "-R", "10", "-t", "4", "-c", "2"),
        2,
        "connections (2) must be at least workers (4)");
  }

  @Test
  void nothingListeningExits3() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Cli r = Cli.run("run", "http://127.0.0.1:" + port + "/", "-R", "100", "-d", "2s", "-q");
    assertOneLineError(r, 3, "target unreachable: cannot connect to 127.0.0.1:" + port);
  }

  @Test
  void aRateNoWorkerCouldSendExits2AtOnce() {
    assertOneLineError(
        Cli.run("run", "http://127.0.0.1:1/", "-R", "1e12", "-d", "1s"),
        2,
        "rate 1000000000000/s is above the limit of 100000000/s per worker");
  }

  @Test
  void aBodyFileThatIsNotARegularFileExits2() {
    assertOneLineError(
        Cli.run("run", "http://127.0.0.1:1/", "-R", "10", "--body-file", "/dev/zero"),
        2,
        "cannot read --body-file /dev/zero: is not a regular file");
  }

  @Test
  void aScenarioAboveTheSizeLimitExits2BeforeItIsParsed(@TempDir Path dir) throws IOException {
    Path big = dir.resolve("big.yaml");
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(50L * 1024 * 1024);
    }
    assertOneLineError(Cli.run("validate", big.toString()), 2, "larger than the limit of 10 MiB");
  }
}
