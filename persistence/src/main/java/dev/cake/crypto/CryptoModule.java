package dev.cake.crypto;

import dagger.Binds;
import dagger.Module;
import dev.cake.core.auth.AccessTokens;
import dev.cake.core.auth.PasswordHasher;

/** Binds the core's crypto ports: bcrypt (native when present) for passwords, signed JWTs for access tokens. */
@Module
public interface CryptoModule {
  @Binds
  PasswordHasher passwordHasher(BcryptPasswordHasher hasher);

  @Binds
  AccessTokens accessTokens(JwtAccessTokens tokens);
}
