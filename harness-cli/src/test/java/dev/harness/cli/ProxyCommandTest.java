package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** {@code harness proxy}: bad input is one line and exit 2, before anything listens. */
class ProxyCommandTest {

  private static void assertOneLineError(Cli r, String says) {
    assertEquals(2, r.exitCode(), "exit code; " + r);
    String err = r.err().strip();
    assertFalse(err.contains("\n"), "one line on stderr; " + r);
    assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace; " + r);
    assertTrue(err.startsWith("harness: "), "prefixed line; " + r);
    assertTrue(err.contains(says), "should say '" + says + "'; " + r);
  }

  @Test
  void missingUpstreamExits2() {
    assertOneLineError(Cli.run("proxy"), "Missing required option: '--upstream");
  }

  @Test
  void badAddressesExit2() {
    assertOneLineError(Cli.run("proxy", "--upstream", "nohost"), "--upstream: expected HOST:PORT");
    assertOneLineError(
        Cli.run("proxy", "--upstream", "127.0.0.1:1", "--listen", "127.0.0.1:99999"),
        "--listen: port must be 0 to 65535");
    assertOneLineError(
        Cli.run("proxy", "--upstream", "::1:80"), "write an IPv6 address in brackets");
  }

  @Test
  void unknownFaultOrModeExits2() {
    assertOneLineError(
        Cli.run("proxy", "--upstream", "127.0.0.1:1", "--fault", "jam 3s"),
        "fault 'jam 3s': unknown fault");
    assertOneLineError(
        Cli.run("proxy", "--upstream", "127.0.0.1:1", "--mode", "udp"), "--mode must be");
    assertOneLineError(
        Cli.run("proxy", "--upstream", "127.0.0.1:1", "--mode", "tcp", "--fault", "status 503"),
        "needs --mode http");
  }

  @Test
  void portInUseExits2() throws IOException {
    try (ServerSocket taken = new ServerSocket(0)) {
      int port = taken.getLocalPort();
      assertOneLineError(
          Cli.run("proxy", "--upstream", "127.0.0.1:1", "--listen", "127.0.0.1:" + port),
          "cannot listen on 127.0.0.1:" + port);
      assertOneLineError(
          Cli.run(
              "proxy",
              "--upstream",
              "127.0.0.1:1",
              "--listen",
              "127.0.0.1:0",
              "--control",
              "127.0.0.1:" + port),
          "control API: cannot listen on 127.0.0.1:" + port);
    }
  }
}
