package dev.cake.core.event;

/**
 * Handles one topic. Delivery is at least once: a handler must be idempotent (a repeat changes nothing). Throwing
 * means "try again later" (exponential backoff, then the failed list).
 */
public interface EventHandler {
  void handle(Event event);
}
