package dev.cake.core.auth;

/**
 * Port: ready-to-send profile JSON per user (cache-aside). Entries are versioned so that a reader that loaded an old
 * row can never put it back after an invalidation: {@link #lookup} returns the version it saw, and {@link #fill}
 * stores only while that version is still current. Every method tolerates the cache being down (a miss, a no-op).
 */
public interface ProfileCache {
  Lookup lookup(long userId);

  void fill(long userId, Lookup seen, byte[] json);

  /** Called after every committed change to the user (login, role, profile). */
  void invalidate(long userId);

  /** {@code json} is null on a miss; {@code version} is what fill must still find. */
  record Lookup(byte[] json, String version) {
    public boolean hit() {
      return json != null;
    }
  }
}
