package dev.harness.engine.target;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and checks the embedded target's CSRF tokens and HS256 JWT access tokens, both signed with
 * one secret. Nothing is stored: a token carries its own expiry and proves itself by its HMAC, so
 * any event loop can check a token another one issued.
 *
 * <ul>
 *   <li>CSRF token: {@code base64url(nonce[16] expiry[8]) "." base64url(HMAC-SHA256("csrf." + first
 *       part))}, valid {@link #CSRF_TTL_SECONDS}. The label keeps a CSRF signature from ever being
 *       a JWT signature or the reverse.
 *   <li>Access token: a JWT with header {@code {"alg":"HS256","typ":"JWT"}} and claims {@code sub},
 *       {@code iat}, {@code exp} (seconds since the epoch), valid {@link #ACCESS_TTL_SECONDS}.
 * </ul>
 *
 * <p>Signatures are compared as their base64url text, in constant time: that also refuses the other
 * spellings of the same bytes (unused low bits set), so a token has exactly one valid form. Only
 * our own header is accepted, so {@code alg=none} and algorithm swaps fail at the first check.
 *
 * <p>Thread-safe: each thread keeps its own {@link Mac} (a {@code Mac} is not thread-safe, and
 * creating one per request costs a provider lookup and a key schedule).
 *
 * <pre>{@code
 * AuthTokens tokens = new AuthTokens(AuthTokens.randomSecret(), Clock.systemUTC());
 * String jwt = tokens.newAccessToken("alice");
 * String user = tokens.subjectOf(jwt); // "alice", or null once expired or tampered with
 * }</pre>
 */
final class AuthTokens {
  static final long CSRF_TTL_SECONDS = 600;
  static final long ACCESS_TTL_SECONDS = 900;

  private static final String ALGORITHM = "HmacSHA256";
  private static final int NONCE_BYTES = 16;
  private static final int CSRF_PAYLOAD_BYTES = NONCE_BYTES + Long.BYTES;
  private static final byte[] CSRF_LABEL = "csrf.".getBytes(US_ASCII);

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  /**
   * {@code base64url({"alg":"HS256","typ":"JWT"})}: the one header this class issues or accepts.
   */
  static final String JWT_HEADER =
      base64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(UTF_8)) + ".";

  /** Streaming JSON only: databind's ObjectMapper would cost ~0.4 s and ~500 classes to load. */
  private static final JsonFactory JSON = new JsonFactory();

  private final SecretKeySpec key;
  private final Clock clock;
  private final ThreadLocal<Mac> mac = ThreadLocal.withInitial(this::newMac);

  /**
   * @param secret the HMAC key, at least 32 bytes (the SHA-256 output size, as RFC 7518 asks)
   * @param clock whose {@link Clock#millis()} gives the time tokens are issued and checked at
   */
  AuthTokens(byte[] secret, Clock clock) {
    if (secret.length < 32) {
      throw new IllegalArgumentException("secret must be at least 32 bytes, got " + secret.length);
    }
    this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    this.clock = clock;
  }

  /** 32 bytes from a {@link SecureRandom}: a fresh secret, so each server trusts only itself. */
  static byte[] randomSecret() {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    return secret;
  }

  /** A CSRF token valid for {@link #CSRF_TTL_SECONDS} from now. */
  String newCsrfToken() {
    ByteBuffer payload = ByteBuffer.allocate(CSRF_PAYLOAD_BYTES);
    // The nonce only makes tokens differ; the HMAC is what makes them unforgeable.
    ThreadLocalRandom random = ThreadLocalRandom.current();
    payload.putLong(random.nextLong()).putLong(random.nextLong());
    payload.putLong(nowSeconds() + CSRF_TTL_SECONDS);
    String body = base64(payload.array());
    return body + "." + base64(sign(CSRF_LABEL, body));
  }

  /** True when {@code token} is a CSRF token this instance issued and it has not expired. */
  boolean isValidCsrfToken(String token) {
    if (token == null) {
      return false;
    }
    int dot = token.indexOf('.');
    if (dot < 0 || !signatureMatches(CSRF_LABEL, token, dot)) {
      return false;
    }
    byte[] payload = decode(token.substring(0, dot));
    if (payload == null || payload.length != CSRF_PAYLOAD_BYTES) {
      return false;
    }
    long expiry = ByteBuffer.wrap(payload).getLong(NONCE_BYTES);
    return nowSeconds() < expiry;
  }

  /** A JWT for {@code subject}, valid for {@link #ACCESS_TTL_SECONDS} from now. */
  String newAccessToken(String subject) {
    long now = nowSeconds();
    String claims =
        "{\"sub\":\""
            + new String(JsonStringEncoder.getInstance().quoteAsString(subject))
            + "\",\"iat\":"
            + now
            + ",\"exp\":"
            + (now + ACCESS_TTL_SECONDS)
            + "}";
    String signed = JWT_HEADER + base64(claims.getBytes(UTF_8));
    return signed + "." + base64(sign(null, signed));
  }

  /**
   * The {@code sub} of {@code jwt}, or {@code null} unless it is a JWT this instance signed, with
   * our header, a string {@code sub} and an {@code exp} still in the future.
   */
  String subjectOf(String jwt) {
    if (jwt == null || !jwt.startsWith(JWT_HEADER)) {
      return null;
    }
    int dot = jwt.indexOf('.', JWT_HEADER.length());
    if (dot < 0 || !signatureMatches(null, jwt, dot)) {
      return null;
    }
    byte[] claims = decode(jwt.substring(JWT_HEADER.length(), dot));
    return claims == null ? null : currentSubject(claims);
  }

  /**
   * The string {@code sub} of a claims object whose integer {@code exp} is still ahead, or null.
   */
  private String currentSubject(byte[] claims) {
    String subject = null;
    long expiry = Long.MIN_VALUE;
    try (JsonParser parser = JSON.createParser(claims)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (name.equals("sub") && value == JsonToken.VALUE_STRING) {
          subject = parser.getText();
        } else if (name.equals("exp") && value == JsonToken.VALUE_NUMBER_INT) {
          expiry = parser.getLongValue();
        } else {
          parser.skipChildren();
        }
      }
    } catch (IOException e) {
      return null; // not JSON, or an exp beyond a long
    }
    return nowSeconds() < expiry ? subject : null;
  }

  /**
   * Whether the text after {@code dot} is the base64url HMAC of {@code label} followed by the text
   * before it. Compared in constant time, so the time taken does not tell how much of a forged
   * signature was right.
   */
  private boolean signatureMatches(byte[] label, String token, int dot) {
    String signed = token.substring(0, dot);
    byte[] expected = ENCODER.encode(sign(label, signed));
    byte[] given = token.substring(dot + 1).getBytes(US_ASCII);
    return MessageDigest.isEqual(expected, given);
  }

  private byte[] sign(byte[] label, String text) {
    Mac m = mac.get();
    if (label != null) {
      m.update(label);
    }
    return m.doFinal(text.getBytes(US_ASCII)); // doFinal also resets it for the next use
  }

  private long nowSeconds() {
    return Math.floorDiv(clock.millis(), 1000L);
  }

  private Mac newMac() {
    try {
      Mac m = Mac.getInstance(ALGORITHM);
      m.init(key);
      return m;
    } catch (GeneralSecurityException e) {
      // Every Java platform must provide HmacSHA256 (javax.crypto.Mac javadoc).
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static String base64(byte[] bytes) {
    return ENCODER.encodeToString(bytes);
  }

  /** The bytes of a base64url text, or {@code null} when it is not one. */
  private static byte[] decode(String text) {
    try {
      return DECODER.decode(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
