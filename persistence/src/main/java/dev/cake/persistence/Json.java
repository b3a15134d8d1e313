package dev.cake.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** JSON for what the adapters store (outbox payloads, queue envelopes); not the HTTP wire format. */
public final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private Json() {}

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** @throws IllegalArgumentException when {@code json} is not a JSON object */
  public static Map<String, Object> readObject(String json) {
    try {
      Map<String, Object> map = MAPPER.readValue(json, MAP);
      if (map == null) throw new IllegalArgumentException("null");
      return map;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
