package dev.harness.engine.run;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Reading HTTP/1.1 text straight from a {@link ByteBuf}, in place: blanks, trimming, a case-blind
 * token match, decimal and hex digits. Nothing here allocates but {@link #string}. Stateless.
 */
final class HttpBytes {
  /** Digits of a Content-Length or chunk size beyond which it cannot be a length of this world. */
  private static final int MAX_DECIMAL_DIGITS = 18;

  private static final int MAX_HEX_DIGITS = 15;

  private HttpBytes() {}

  /**
   * The line [from, end) as a status line {@code HTTP/1.x NNN}, then the end of the line or a blank
   * and a reason phrase: {@code NNN << 4 | x}, or -1 when it is not one.
   */
  static int statusLine(ByteBuf in, int from, int end) {
    if (end - from < 12
        || in.getByte(from) != 'H'
        || in.getByte(from + 1) != 'T'
        || in.getByte(from + 2) != 'T'
        || in.getByte(from + 3) != 'P'
        || in.getByte(from + 4) != '/'
        || in.getByte(from + 5) != '1'
        || in.getByte(from + 6) != '.') {
      return -1;
    }
    int minor = in.getByte(from + 7) - '0';
    if (minor < 0 || minor > 9) {
      return -1;
    }
    int i = from + 8;
    if (!isBlank(in.getByte(i))) {
      return -1;
    }
    while (i < end && isBlank(in.getByte(i))) {
      i++;
    }
    if (end - i < 3) {
      return -1;
    }
    int code = 0;
    for (int k = 0; k < 3; k++) {
      int d = in.getByte(i + k) - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      code = code * 10 + d;
    }
    i += 3;
    if (code < 100 || (i < end && !isBlank(in.getByte(i)))) {
      return -1;
    }
    return code << 4 | minor;
  }

  /**
   * The chunk size of the line [from, end): hex digits, then the end or a chunk extension after a
   * ';'; -1 when it is not one.
   */
  static long chunkSize(ByteBuf in, int from, int end) {
    long size = 0;
    int i = from;
    while (i < end) {
      int d = hex(in.getByte(i));
      if (d < 0) {
        break;
      }
      if (i - from == MAX_HEX_DIGITS) {
        return -1;
      }
      size = size << 4 | d;
      i++;
    }
    int rest = trimStart(in, i, end);
    if (i == from || (rest < end && in.getByte(rest) != ';')) {
      return -1;
    }
    return size;
  }

  /** Whether anything but blanks and line ends is readable. */
  static boolean moreThanBlanks(ByteBuf in) {
    for (int i = in.readerIndex(); i < in.writerIndex(); i++) {
      if ((in.getByte(i) & 0xFF) > ' ') {
        return true;
      }
    }
    return false;
  }

  /**
   * The length of the line end (LF or CRLF) at the reader index: 1 or 2, 0 when more bytes are
   * needed to tell, -1 when there is none.
   */
  static int lineEnd(ByteBuf in) {
    int r = in.readerIndex();
    int readable = in.readableBytes();
    if (readable == 0) {
      return 0;
    }
    byte b = in.getByte(r);
    if (b == '\n') {
      return 1;
    }
    if (b != '\r') {
      return -1;
    }
    if (readable < 2) {
      return 0;
    }
    return in.getByte(r + 1) == '\n' ? 2 : -1;
  }

  static boolean isBlank(byte b) {
    return b == ' ' || b == '\t';
  }

  static int trimStart(ByteBuf in, int from, int end) {
    while (from < end && isBlank(in.getByte(from))) {
      from++;
    }
    return from;
  }

  static int trimEnd(ByteBuf in, int from, int end) {
    while (end > from && isBlank(in.getByte(end - 1))) {
      end--;
    }
    return end;
  }

  /** Whether bytes [from, end) are {@code lower}, ignoring the case of letters. */
  static boolean is(ByteBuf in, int from, int end, byte[] lower) {
    if (end - from != lower.length) {
      return false;
    }
    for (int i = 0; i < lower.length; i++) {
      int b = in.getByte(from + i);
      int e = lower[i];
      if (b != e && (e < 'a' || e > 'z' || b != e - ('a' - 'A'))) {
        return false;
      }
    }
    return true;
  }

  /** A non-negative decimal number, or -1 when the bytes are not one. */
  static long decimal(ByteBuf in, int from, int end) {
    if (end == from || end - from > MAX_DECIMAL_DIGITS) {
      return -1;
    }
    long n = 0;
    for (int i = from; i < end; i++) {
      int d = in.getByte(i) - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      n = n * 10 + d;
    }
    return n;
  }

  /** The value of a hex digit, or -1. */
  static int hex(byte b) {
    if (b >= '0' && b <= '9') {
      return b - '0';
    }
    int l = b | 0x20;
    return l >= 'a' && l <= 'f' ? l - 'a' + 10 : -1;
  }

  static String string(ByteBuf in, int from, int end) {
    return in.toString(from, end - from, StandardCharsets.ISO_8859_1);
  }

  static byte[] lower(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
