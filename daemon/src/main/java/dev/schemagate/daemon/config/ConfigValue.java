package dev.schemagate.daemon.config;

/**
 * A raw setting as the user wrote it, and where: {@code --lock-retries}, {@code SCHEMAGATE_LOCK_RETRIES} or
 * {@code schemagate.yaml: lock.retries}. Errors quote both, so the user knows which source to fix.
 */
public record ConfigValue(String text, String origin) {}
