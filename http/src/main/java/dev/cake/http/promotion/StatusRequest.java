package dev.cake.http.promotion;

/** PATCH body: the new status (active, inactive or expired). */
public record StatusRequest(String status) {}
