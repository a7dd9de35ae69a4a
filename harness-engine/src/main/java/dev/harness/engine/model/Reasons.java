package dev.harness.engine.model;

/**
 * Short texts for why a check failed, as {@code failure()} builds them: expected and received
 * values cut so that a reason stays readable in a report and distinct reasons stay few. Stateless.
 */
public final class Reasons {
  /** Most characters of one value in a reason; longer values end in an ellipsis. */
  public static final int VALUE_CHARS = 40;

  /** Most characters of a whole reason as it is counted. */
  public static final int REASON_CHARS = 100;

  private Reasons() {}

  /** {@code what: expected 'e', got 'g'}, each value cut. */
  static String expectedGot(String what, String expected, String got) {
    return what + ": expected '" + cut(expected) + "', got '" + cut(got) + "'";
  }

  /** The value cut to {@link #VALUE_CHARS}, line breaks shown as spaces. */
  static String cut(String value) {
    return cut(value, VALUE_CHARS);
  }

  /** The text cut to {@code max} characters, line breaks shown as spaces. */
  public static String cut(String text, int max) {
    String flat = text.replace('\r', ' ').replace('\n', ' ');
    return flat.length() <= max ? flat : flat.substring(0, max - 1) + "…";
  }
}
