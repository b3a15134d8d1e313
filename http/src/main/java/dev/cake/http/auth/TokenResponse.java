package dev.cake.http.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cake.core.auth.AuthResult;

/** The answer to register, login and refresh: the original's field names. */
public record TokenResponse(
    @JsonProperty("access_token") String accessToken,
    @JsonProperty("refresh_token") String refreshToken,
    @JsonProperty("token_type") String tokenType,
    @JsonProperty("expires_in") long expiresIn,
    UserResponse user) {

  public static TokenResponse of(AuthResult result) {
    return new TokenResponse(result.accessToken(), result.refreshToken(), "Bearer", result.expiresInSeconds(),
        UserResponse.of(result.user()));
  }
}
