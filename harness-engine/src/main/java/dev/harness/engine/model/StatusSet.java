package dev.harness.engine.model;

import dev.harness.engine.time.InvalidInputException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * The HTTP statuses a run expects: an answer with one of them is not an error. Written as codes,
 * ranges and classes, e.g. {@code 200-299,429} or {@code 2xx,3xx}. Immutable; {@link #contains} is
 * a bit lookup, cheap enough for every answer.
 */
public final class StatusSet {
  /** Lowest and highest status an answer may carry; others are protocol errors. */
  public static final int MIN = 100;

  public static final int MAX = 599;

  /** What counts as not an error unless the run says otherwise: 2xx and 3xx. */
  public static final StatusSet DEFAULT = parse("200-399");

  private final BitSet codes; // never modified after construction
  private final String text;

  private StatusSet(BitSet codes, String text) {
    this.codes = codes;
    this.text = text;
  }

  /**
   * Parses a comma-separated list of codes ({@code 429}), ranges ({@code 200-299}) and classes
   * ({@code 2xx}).
   *
   * @throws InvalidInputException quoting the part that is not a status, a range or a class
   */
  public static StatusSet parse(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidInputException("status list is empty: give codes such as 200-299,429");
    }
    List<String> parts = new ArrayList<>();
    for (String p : text.split(",")) {
      parts.add(p.trim());
    }
    return of(parts);
  }

  /** A set of the given parts, each a code, a range or a class. */
  public static StatusSet of(List<String> parts) {
    BitSet codes = new BitSet(MAX + 1);
    List<String> shown = new ArrayList<>();
    for (String raw : parts) {
      String p = raw.trim().toLowerCase(Locale.ROOT);
      if (p.matches("[1-5]xx")) {
        int base = (p.charAt(0) - '0') * 100;
        codes.set(base, base + 100);
      } else if (p.matches("\\d{3}-\\d{3}")) {
        int from = code(p.substring(0, 3), raw);
        int to = code(p.substring(4), raw);
        if (to < from) {
          throw new InvalidInputException("status range '" + raw + "' ends before it starts");
        }
        codes.set(from, to + 1);
      } else if (p.matches("\\d{3}")) {
        codes.set(code(p, raw));
      } else {
        throw new InvalidInputException(
            "'" + raw + "' is not a status code (429), range (200-299) or class (2xx)");
      }
      shown.add(p);
    }
    if (shown.isEmpty()) {
      throw new InvalidInputException("status list is empty: give codes such as 200-299,429");
    }
    return new StatusSet(codes, String.join(",", shown));
  }

  private static int code(String digits, String raw) {
    int c = Integer.parseInt(digits);
    if (c < MIN || c > MAX) {
      throw new InvalidInputException(
          "status '" + raw + "' is outside " + MIN + "-" + MAX + ", the statuses HTTP has");
    }
    return c;
  }

  /** Whether an answer with this status is expected (not an error). */
  public boolean contains(int status) {
    return status >= MIN && status <= MAX && codes.get(status);
  }

  /** This set with every status of {@code other} added. */
  public StatusSet union(StatusSet other) {
    if (other == null || other.codes.equals(codes)) {
      return this;
    }
    BitSet both = (BitSet) codes.clone();
    both.or(other.codes);
    return new StatusSet(both, text + "," + other.text);
  }

  /** The set as it was written, normalised to lower case, e.g. {@code 200-299,429}. */
  @Override
  public String toString() {
    return text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StatusSet s && s.codes.equals(codes);
  }

  @Override
  public int hashCode() {
    return codes.hashCode();
  }
}
