package dev.harness.report;

import dev.harness.engine.time.Durations;
import java.util.Locale;

/** How every report writes figures, so the terminal, Markdown and HTML show the same text. */
final class Format {
  /** Shown for a figure that was not measured (an empty histogram). */
  static final String NONE = "-";

  private Format() {}

  /** A latency in nanoseconds as people read it ({@code 850us}, {@code 12.3ms}); null is "-". */
  static String duration(Long nanos) {
    return nanos == null ? NONE : Durations.format(nanos);
  }

  /** A latency in milliseconds (as {@code result.json} holds it); null is "-". */
  static String millis(Double ms) {
    return ms == null ? NONE : Durations.format(Math.round(ms * 1e6));
  }

  /** A window length in seconds, shown as durations are. */
  static String seconds(double s) {
    return Durations.format(Math.round(s * 1e9));
  }

  static String rate(double perSecond) {
    return String.format(Locale.ROOT, "%.1f/s", perSecond);
  }

  /** A ratio (0 to 1) as a percent with enough digits to tell 0.04% from 0. */
  static String percent(double ratio) {
    double pct = ratio * 100;
    return String.format(Locale.ROOT, pct != 0 && Math.abs(pct) < 1 ? "%.3f%%" : "%.1f%%", pct);
  }

  /** A relative change in percent with its sign: {@code +12.3%}, {@code -4.0%}. */
  static String change(double pct) {
    if (Double.isInfinite(pct)) {
      return pct > 0 ? "+inf" : "-inf";
    }
    return String.format(Locale.ROOT, "%+.1f%%", pct);
  }

  /** Terminals and CI logs may not be UTF-8: micro becomes u, anything else outside ASCII a '?'. */
  static String ascii(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\u00b5' || c == '\u03bc') {
        sb.append('u');
      } else if (c < 128) {
        sb.append(c);
      } else {
        sb.append('?');
        if (Character.isHighSurrogate(c)
            && i + 1 < s.length()
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        }
      }
    }
    return sb.toString();
  }
}
