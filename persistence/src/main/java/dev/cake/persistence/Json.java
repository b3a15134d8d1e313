package dev.cake.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Map;

/** JSON for what the adapters store (outbox payloads, queue envelopes); not the HTTP wire format. */
@Singleton
public final class Json {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final ObjectMapper mapper;

  @Inject
  public Json(@Storage ObjectMapper mapper) {
    this.mapper = mapper;
  }

  public String write(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** @throws IllegalArgumentException when {@code json} is not a JSON object */
  public Map<String, Object> readObject(String json) {
    try {
      Map<String, Object> map = mapper.readValue(json, MAP);
      if (map == null) throw new IllegalArgumentException("null");
      return map;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
