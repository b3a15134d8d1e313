package dev.cake.core.event;

/** Port: the queue events travel on from producers to the worker processes. */
public interface EventQueue {
  /** Enqueues an outbox event for the workers. */
  void push(Event event);
}
