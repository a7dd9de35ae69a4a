package dev.harness.engine.target;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class AuthTokensTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long T0 = 1_700_000_000L;

  private static byte[] secret(int seed) {
    byte[] secret = new byte[32];
    for (int i = 0; i < secret.length; i++) {
      secret[i] = (byte) (seed * 31 + i);
    }
    return secret;
  }

  /** Tokens with the test secret, on a clock stopped at {@code epochSeconds}. */
  private static AuthTokens at(long epochSeconds) {
    return new AuthTokens(
        secret(1), Clock.fixed(Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC));
  }

  private static JsonNode part(String jwt, int index) throws Exception {
    return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[index]));
  }

  @Test
  void issuesAnHs256JwtThatAnyHs256LibraryWouldCheck() throws Exception {
    String jwt = at(T0).newAccessToken("alice");

    String[] parts = jwt.split("\\.");
    assertEquals(3, parts.length, "expected header.claims.signature, got " + jwt);
    assertEquals(JSON.readTree("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"), part(jwt, 0), "header");
    JsonNode claims = part(jwt, 1);
    assertEquals("alice", claims.path("sub").asText(), "sub in " + claims);
    assertEquals(T0, claims.path("iat").asLong(), "iat in " + claims);
    assertEquals(T0 + 900, claims.path("exp").asLong(), "exp in " + claims);

    // RFC 7515: the signature is HMAC-SHA256 over the ASCII of "header.claims", base64url, no pad.
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret(1), "HmacSHA256"));
    String expected =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(mac.doFinal((parts[0] + "." + parts[1]).getBytes(US_ASCII)));
    assertEquals(expected, parts[2], "signature of " + jwt);
  }

  @Test
  void accessTokenIsValidFor900SecondsThenRefused() {
    String jwt = at(T0).newAccessToken("alice");

    assertEquals("alice", at(T0).subjectOf(jwt), "at issue");
    assertEquals("alice", at(T0 + 899).subjectOf(jwt), "899 s after issue");
    assertNull(at(T0 + 900).subjectOf(jwt), "900 s after issue it should have expired");
  }

  @Test
  void csrfTokenIsValidForTenMinutesThenRefused() {
    String csrf = at(T0).newCsrfToken();

    assertTrue(at(T0).isValidCsrfToken(csrf), "at issue");
    assertTrue(at(T0 + 599).isValidCsrfToken(csrf), "599 s after issue");
    assertFalse(at(T0 + 600).isValidCsrfToken(csrf), "600 s after issue it should have expired");
  }

  @Test
  void csrfTokensDifferEachTime() {
    AuthTokens tokens = at(T0);
    assertNotEquals(tokens.newCsrfToken(), tokens.newCsrfToken(), "two tokens at the same second");
  }

  @Test
  void refusesTokensSignedWithAnotherSecret() {
    AuthTokens other =
        new AuthTokens(secret(2), Clock.fixed(Instant.ofEpochSecond(T0), ZoneOffset.UTC));

    assertNull(at(T0).subjectOf(other.newAccessToken("alice")), "JWT of another secret");
    assertFalse(at(T0).isValidCsrfToken(other.newCsrfToken()), "CSRF token of another secret");
  }

  @Test
  void refusesAJwtWhoseClaimsWereChanged() {
    String jwt = at(T0).newAccessToken("alice");
    String[] parts = jwt.split("\\.");
    String mallory =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                ("{\"sub\":\"mallory\",\"iat\":" + T0 + ",\"exp\":" + (T0 + 900) + "}")
                    .getBytes(UTF_8));

    assertNull(at(T0).subjectOf(parts[0] + "." + mallory + "." + parts[2]), "claims swapped");
  }

  @Test
  void refusesAnUnsignedJwt() {
    String jwt = at(T0).newAccessToken("alice");
    String none =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(UTF_8));

    assertNull(at(T0).subjectOf(none + "." + jwt.split("\\.")[1] + "."), "alg none");
  }

  @Test
  void refusesEverySignatureCharacterChanged() {
    AuthTokens tokens = at(T0);
    String jwt = tokens.newAccessToken("alice");
    int signature = jwt.lastIndexOf('.') + 1;
    // Every position, the last one too: its low bits are unused by base64, yet it must not pass.
    for (int i = signature; i < jwt.length(); i++) {
      char flipped = jwt.charAt(i) == 'A' ? 'B' : 'A';
      String tampered = jwt.substring(0, i) + flipped + jwt.substring(i + 1);
      assertNull(tokens.subjectOf(tampered), "signature character " + (i - signature) + " flipped");
    }
  }

  @Test
  void keepsCsrfTokensAndAccessTokensApart() {
    AuthTokens tokens = at(T0);

    assertNull(tokens.subjectOf(tokens.newCsrfToken()), "a CSRF token used as a JWT");
    assertFalse(tokens.isValidCsrfToken(tokens.newAccessToken("alice")), "a JWT as CSRF token");
  }

  @Test
  void refusesGarbage() {
    AuthTokens tokens = at(T0);
    for (String garbage :
        new String[] {
          null, "", ".", "..", "a.b", "a.b.c", "not base64!.x", AuthTokens.JWT_HEADER, "é.é.é"
        }) {
      assertNull(tokens.subjectOf(garbage), "JWT '" + garbage + "'");
      assertFalse(tokens.isValidCsrfToken(garbage), "CSRF token '" + garbage + "'");
    }
  }

  @Test
  void signsAndChecksFromManyThreadsAtOnce() throws Exception {
    AuthTokens tokens = at(T0);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        String user = "user" + t;
        results.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 2_000; i++) {
                    String subject = tokens.subjectOf(tokens.newAccessToken(user));
                    if (!user.equals(subject) || !tokens.isValidCsrfToken(tokens.newCsrfToken())) {
                      return "round " + i + " of " + user + " gave " + subject;
                    }
                  }
                  return "ok";
                }));
      }
      for (Future<String> result : results) {
        assertEquals("ok", result.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
