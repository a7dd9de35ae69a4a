package dev.harness.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The probe's failing windows: runs of consecutive failed polls, so a report says "down from 3.0 s
 * to 5.0 s" instead of listing each poll. Stateless and thread-safe.
 */
final class ProbeWindows {
  private ProbeWindows() {}

  /**
   * Each window as {@code "3.0s - 5.0s\tN\twhy"}: from the first failed poll to the next one that
   * succeeded (or the last poll), the failed polls in it, and the first failure's reason.
   */
  static List<String> failures(RunReport.Probe p) {
    List<String> out = new ArrayList<>();
    List<RunReport.Poll> ps = p.timeline();
    int i = 0;
    while (i < ps.size()) {
      if (ps.get(i).ok()) {
        i++;
        continue;
      }
      int from = i;
      while (i < ps.size() && !ps.get(i).ok()) {
        i++;
      }
      double start = ps.get(from).t();
      String end = i < ps.size() ? seconds(ps.get(i).t()) : "end";
      String why = ps.get(from).error() == null ? "failed" : ps.get(from).error();
      out.add(seconds(start) + " - " + end + "\t" + (i - from) + "\t" + why);
    }
    return out;
  }

  private static String seconds(double s) {
    return String.format(Locale.ROOT, "%.1fs", s);
  }
}
