package dev.cake.core.event;

/** Port: the queue events travel on from producers to the worker processes. */
public interface EventQueue {
  /**
   * Enqueues an outbox event for the workers, at most once while the queue remembers having done so: a repeat
   * (the relay racing the API, a redelivery check) is a no-op unless the queue lost that memory with its data.
   *
   * @return true when the event went onto the queue now
   */
  boolean push(Event event);
}
