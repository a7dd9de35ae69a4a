package dev.harness.engine.model;

import dev.harness.engine.time.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where the load goes: scheme, host and port of an HTTP/1.1 server, and the default path.
 *
 * @param host host name or IP literal (without brackets)
 * @param port TCP port
 * @param path path and query sent in the request line, never empty
 * @param https whether connections speak TLS ({@code https://}); see {@link TlsSpec}
 */
public record Target(String host, int port, String path, boolean https) {

  /** A plain {@code http://} target. */
  public Target(String host, int port, String path) {
    this(host, port, path, false);
  }

  public Target {
    if (host == null || host.isBlank()) {
      throw new InvalidInputException("target host is missing");
    }
    if (port < 1 || port > 65535) {
      throw new InvalidInputException("target port " + port + " is out of range 1-65535");
    }
    if (path == null || !path.startsWith("/")) {
      throw new InvalidInputException("target path must start with '/': " + path);
    }
  }

  /**
   * Parses {@code http://host[:port][/path][?query]} or the same with {@code https://}; anything
   * else is an {@link InvalidInputException}.
   */
  public static Target parse(String url) {
    if (url == null || url.isBlank()) {
      throw new InvalidInputException("missing target URL");
    }
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new InvalidInputException("bad URL '" + url + "': " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme == null) {
      throw new InvalidInputException("bad URL '" + url + "': expected http://host:port/path");
    }
    // ws:// and wss:// open with an HTTP/1.1 upgrade: the same host, port and TLS as http(s)://.
    boolean https = scheme.equals("https") || scheme.equals("wss");
    if (!https && !scheme.equals("http") && !scheme.equals("ws")) {
      throw new InvalidInputException(
          "bad URL '" + url + "': scheme must be http, https, ws or wss");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new InvalidInputException("bad URL '" + url + "': no host");
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = uri.getPort() == -1 ? defaultPort(https) : uri.getPort();
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      path = path + "?" + uri.getRawQuery();
    }
    return new Target(host, port, path, https);
  }

  /** Whether {@code url} names a WebSocket endpoint ({@code ws://} or {@code wss://}). */
  public static boolean isWebSocket(String url) {
    String u = url == null ? "" : url.trim().toLowerCase(Locale.ROOT);
    return u.startsWith("ws://") || u.startsWith("wss://");
  }

  /** The URL of the target's path as a WebSocket endpoint ({@code ws://} or {@code wss://}). */
  public String webSocketUrl() {
    return (https ? "wss://" : "ws://") + hostHeader() + path;
  }

  private static int defaultPort(boolean https) {
    return https ? 443 : 80;
  }

  /** The value of the Host header. */
  public String hostHeader() {
    String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    return port == defaultPort(https) ? h : h + ":" + port;
  }

  /** The URL as a user would write it. */
  public String url() {
    return (https ? "https://" : "http://") + hostHeader() + path;
  }
}
