package dev.cake.core.testing;

import dev.cake.core.auth.LoginListener;
import dev.cake.core.auth.UserRepository;
import java.util.ArrayList;
import java.util.List;

/** {@link LoginListener} that keeps every login it is told about, in order. */
public final class RecordingLoginListener implements LoginListener {
  private final List<UserRepository.LoginRecord> logins = new ArrayList<>();

  public synchronized List<UserRepository.LoginRecord> logins() {
    return List.copyOf(logins);
  }

  @Override
  public synchronized void loggedIn(UserRepository.LoginRecord login) {
    logins.add(login);
  }
}
