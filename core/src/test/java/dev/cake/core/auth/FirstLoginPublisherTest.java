package dev.cake.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cake.core.auth.UserRepository.LoginRecord;
import dev.cake.core.event.Event;
import dev.cake.core.event.EventPublisher;
import dev.cake.core.event.FirstLogin;
import dev.cake.core.event.Outbox;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** FirstLoginPublisher queues the event a first login wrote to the outbox, as the relay would read it back, and nothing else. */
class FirstLoginPublisherTest {
  static final Instant LOGIN = Instant.parse("2026-01-01T00:00:00.123456Z");
  static final Instant WRITTEN = Instant.parse("2026-01-01T00:00:00.130001Z");
  static final String TRACE = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

  final List<Event> pushed = new ArrayList<>();
  final List<Long> published = new ArrayList<>();
  final EventPublisher publisher = new EventPublisher(pushed::add, new Outbox() {
    @Override
    public List<Event> unpublished(Duration olderThan, int limit) {
      return List.of();
    }

    @Override
    public List<Event> unprocessed(Duration olderThan, int limit) {
      return List.of();
    }

    @Override
    public void markPublished(long id) {
      published.add(id);
    }

    @Override
    public void markProcessed(long id) {}

    @Override
    public long backlog() {
      return 0;
    }

    @Override
    public long inFlight() {
      return 0;
    }
  });

  static User user(Instant latestLogin) {
    return new User(7, "Alice", "alice@example.com", "alice", "+84912345678", null, Role.USER, latestLogin,
        LOGIN.minusSeconds(60), latestLogin);
  }

  @Test
  void aFirstLoginQueuesItsOutboxRowAsTheFirstLoginEvent() {
    new FirstLoginPublisher(publisher).loggedIn(
        new LoginRecord(user(LOGIN), true, new Event(41, new FirstLogin(7, LOGIN), 0, WRITTEN, TRACE)));

    assertThat(pushed).containsExactly(new Event(41, new FirstLogin(7, LOGIN), 0, WRITTEN, TRACE));
    assertThat(pushed.getFirst().topic()).isEqualTo("user.first-login");
    assertThat(published).containsExactly(41L);
  }

  @Test
  void aLaterLoginQueuesNothing() {
    new FirstLoginPublisher(publisher).loggedIn(new LoginRecord(user(LOGIN), false, null));

    assertThat(pushed).isEmpty();
    assertThat(published).isEmpty();
  }
}
