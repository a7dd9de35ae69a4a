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
 */
public record Target(String host, int port, String path) {

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
   * Parses {@code http://host[:port][/path][?query]}; anything else is an {@link
   * InvalidInputException}.
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
    if (scheme.equals("https")) {
      throw new InvalidInputException(
          "bad URL '" + url + "': https is not supported yet, use http://");
    }
    if (!scheme.equals("http")) {
      throw new InvalidInputException("bad URL '" + url + "': scheme must be http");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new InvalidInputException("bad URL '" + url + "': no host");
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = uri.getPort() == -1 ? 80 : uri.getPort();
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      path = path + "?" + uri.getRawQuery();
    }
    return new Target(host, port, path);
  }

  /** The value of the Host header. */
  public String hostHeader() {
    String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    return port == 80 ? h : h + ":" + port;
  }

  /** The URL as a user would write it. */
  public String url() {
    return "http://" + hostHeader() + path;
  }
}
