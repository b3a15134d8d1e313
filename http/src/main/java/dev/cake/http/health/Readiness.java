package dev.cake.http.health;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/** Flipped to not-ready at the start of shutdown, so load balancers stop routing here first. */
@Singleton
public final class Readiness {
  private volatile boolean ready;

  @Inject
  public Readiness() {}

  public void ready() {
    ready = true;
  }

  public void notReady() {
    ready = false;
  }

  public boolean isReady() {
    return ready;
  }
}
