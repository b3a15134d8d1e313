package dev.cake.persistence.redis;

/** Every Redis key carries the configured prefix, so tests and tenants never collide. */
public record RedisKeys(String prefix) {
  public String key(String name) {
    return prefix + name;
  }

  public String key(String name, long id) {
    return prefix + name + ":" + id;
  }
}
