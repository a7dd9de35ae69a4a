package dev.harness.engine.model;

import dev.harness.engine.time.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The user and password of a URL ({@code http://user:s3cret@host/}) as curl uses them: a {@code
 * Authorization: Basic} header on every request to that target, percent-escapes decoded first. And
 * the other side of it: a URL, header or command line written down with its secrets as {@code ***},
 * so no result or report ever holds one.
 */
public final class UserInfo {
  /** What a secret becomes wherever it is written down. */
  public static final String REDACTED = "***";

  private static final Pattern URL_USERINFO =
      Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/?#@\\s]*@");

  /** Headers whose values are secrets. */
  private static final List<String> SECRET_HEADERS =
      List.of("authorization", "proxy-authorization", "cookie", "set-cookie");

  private UserInfo() {}

  /**
   * The {@code Authorization: Basic} header the URL's user info stands for, or null when it has
   * none.
   */
  public static RequestSpec.Header basicAuth(String url) {
    String info = rawUserInfo(url);
    if (info == null) {
      return null;
    }
    String decoded = URLDecoder.decode(info.replace("+", "%2B"), StandardCharsets.UTF_8);
    String token = Base64.getEncoder().encodeToString(decoded.getBytes(StandardCharsets.UTF_8));
    return new RequestSpec.Header("Authorization", "Basic " + token);
  }

  /** {@code headers} with the URL's Basic header added, unless they set Authorization already. */
  public static List<RequestSpec.Header> withBasicAuth(
      String url, List<RequestSpec.Header> headers) {
    RequestSpec.Header auth = basicAuth(url);
    if (auth == null
        || headers.stream().anyMatch(h -> h.name().equalsIgnoreCase("authorization"))) {
      return headers;
    }
    List<RequestSpec.Header> all = new ArrayList<>(headers);
    all.add(auth);
    return all;
  }

  private static String rawUserInfo(String url) {
    if (url == null) {
      return null;
    }
    try {
      String info = new URI(url.trim()).getRawUserInfo();
      return info == null || info.isEmpty() ? null : info;
    } catch (URISyntaxException e) {
      throw new InvalidInputException("bad URL: " + e.getReason());
    }
  }

  /** Every URL in {@code text} with its user info replaced by {@value #REDACTED}. */
  public static String redactUrls(String text) {
    return text == null ? null : URL_USERINFO.matcher(text).replaceAll("$1" + REDACTED + "@");
  }

  /** Whether a header of this name carries a secret (Authorization, Cookie and the like). */
  public static boolean isSecretHeader(String name) {
    return SECRET_HEADERS.contains(name.trim().toLowerCase(Locale.ROOT));
  }

  /** {@code "Name: value"} with the value redacted when the header carries a secret. */
  public static String redactHeaderLine(String line) {
    int colon = line.indexOf(':');
    if (colon > 0 && isSecretHeader(line.substring(0, colon))) {
      return line.substring(0, colon + 1) + " " + REDACTED;
    }
    return redactUrls(line);
  }
}
