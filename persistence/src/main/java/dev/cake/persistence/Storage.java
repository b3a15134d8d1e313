package dev.cake.persistence;

import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;

/**
 * The JSON the adapters store (outbox payloads, queue envelopes), as opposed to the HTTP wire format: its
 * {@link com.fasterxml.jackson.databind.ObjectMapper} has none of the request limits the API's has.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
public @interface Storage {}
