package dev.cake.core.testing;

import dev.cake.core.auth.ProfileCache;
import java.util.ArrayList;
import java.util.List;

/** {@link ProfileCache} that always misses and records the users it was told to invalidate, in order. */
public final class RecordingProfileCache implements ProfileCache {
  private final List<Long> invalidated = new ArrayList<>();

  public synchronized List<Long> invalidated() {
    return List.copyOf(invalidated);
  }

  @Override
  public Lookup lookup(long userId) {
    return new Lookup(null, "0");
  }

  @Override
  public void fill(long userId, Lookup seen, byte[] json) {}

  @Override
  public synchronized void invalidate(long userId) {
    invalidated.add(userId);
  }
}
