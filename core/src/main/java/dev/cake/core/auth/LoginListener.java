package dev.cake.core.auth;

/** Told about every successful login after it is committed (e.g. first-login campaigns). Must not throw. */
public interface LoginListener {
  void loggedIn(UserRepository.LoginRecord login);
}
