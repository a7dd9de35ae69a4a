package dev.harness.engine.time;

/**
 * Bad input from the user: a malformed URL, a negative rate, a broken scenario. The message is one
 * line that names the element at fault and is shown as it is (the CLI maps it to exit code 2).
 */
public class InvalidInputException extends RuntimeException {
  public InvalidInputException(String message) {
    super(message, null, false, false);
  }
}
