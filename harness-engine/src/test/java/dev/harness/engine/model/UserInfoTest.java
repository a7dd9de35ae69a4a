package dev.harness.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserInfoTest {
  private static String decoded(RequestSpec.Header h) {
    assertEquals("Authorization", h.name());
    String token = h.value().substring("Basic ".length());
    return new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
  }

  @Test
  void userInfoBecomesBasicAuthorizationAsCurlSendsIt() {
    assertEquals("user:s3cret", decoded(UserInfo.basicAuth("http://user:s3cret@host:8080/x")));
    assertEquals("us@er:p:ss w", decoded(UserInfo.basicAuth("http://us%40er:p%3Ass%20w@host/")));
    assertEquals("user:", decoded(UserInfo.basicAuth("http://user:@host/")));
    assertEquals("a+b:c", decoded(UserInfo.basicAuth("http://a+b:c@host/")));
    assertNull(UserInfo.basicAuth("http://host/"));
    assertNull(UserInfo.basicAuth(null));
  }

  @Test
  void anAuthorizationTheUserSetWins() {
    List<RequestSpec.Header> own = List.of(RequestSpec.Header.parse("authorization: Bearer t"));
    assertEquals(own, UserInfo.withBasicAuth("http://u:p@host/", own));
    assertEquals(1, UserInfo.withBasicAuth("http://u:p@host/", List.of()).size());
    assertEquals(List.of(), UserInfo.withBasicAuth("http://host/", List.of()));
  }

  @Test
  void secretsAreRedactedWhereverTheyAreWrittenDown() {
    assertEquals(
        "run http://***@127.0.0.1:8080/a and https://***@x/",
        UserInfo.redactUrls("run http://user:s3cret@127.0.0.1:8080/a and https://u@x/"));
    assertEquals("http://host/a@b", UserInfo.redactUrls("http://host/a@b"));
    assertEquals("Authorization: ***", UserInfo.redactHeaderLine("Authorization: Basic dXNlcg=="));
    assertEquals("cookie: ***", UserInfo.redactHeaderLine("cookie: sess=1"));
    assertEquals("X-Trace: 1", UserInfo.redactHeaderLine("X-Trace: 1"));
  }
}
