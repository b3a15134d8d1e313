package dev.cake.core.event;

/** What an event says, typed. Each kind names the queue topic its handler is registered under. */
public sealed interface DomainEvent permits FirstLogin {
  String topic();
}
