package dev.cake.core;

/** One rule broken by one input field. */
public record FieldError(String field, String message) {}
