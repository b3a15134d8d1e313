package dev.cake.http.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cake.core.auth.AuthService;
import dev.cake.core.auth.ProfileCache;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/** Serves a profile as ready JSON bytes: from the cache when present, else from PostgreSQL and then cached. */
@Singleton
public final class ProfileReader {
  private final ProfileCache cache;
  private final AuthService auth;
  private final ObjectMapper json;

  @Inject
  public ProfileReader(ProfileCache cache, AuthService auth, ObjectMapper json) {
    this.cache = cache;
    this.auth = auth;
    this.json = json;
  }

  public byte[] profileJson(long userId) {
    ProfileCache.Lookup lookup = cache.lookup(userId);
    if (lookup.hit()) return lookup.json();
    byte[] body;
    try {
      body = json.writeValueAsBytes(UserResponse.of(auth.profile(userId)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    cache.fill(userId, lookup, body);
    return body;
  }
}
