package dev.harness.report;

import java.util.Map;

/** The answers by exact status as one line of text: {@code 200 1003 (33.4%), 429 1997 (66.6%)}. */
final class StatusText {
  private StatusText() {}

  /**
   * Each status with its count and its share of {@code requests}; null when nothing was counted by
   * status (no answer, or a file written before statuses were counted).
   */
  static String of(Map<String, Long> byStatus, long requests) {
    if (byStatus.isEmpty()) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    byStatus.forEach(
        (status, n) -> {
          sb.append(sb.length() == 0 ? "" : ", ").append(status).append(' ').append(n);
          if (requests > 0) {
            sb.append(" (").append(Format.percent((double) n / requests)).append(')');
          }
        });
    return sb.toString();
  }
}
