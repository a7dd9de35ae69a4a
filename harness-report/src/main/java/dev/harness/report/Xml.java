package dev.harness.report;

/** Escaping for text and attribute values in HTML, SVG and XML reports. */
final class Xml {
  private Xml() {}

  /**
   * The text with {@code & < > " '} escaped, and control characters XML 1.0 cannot hold (a header
   * value could carry one) replaced by U+FFFD.
   */
  static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> {
          if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
            sb.append('\uFFFD');
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }
}
