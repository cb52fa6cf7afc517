/**
 * systemd integration: {@code sd_notify} datagrams (READY, STATUS, EXTEND_TIMEOUT_USEC, WATCHDOG, RELOADING,
 * STOPPING), socket activation on an inherited listening socket, and journald detection for log priorities.
 *
 * <p>Everything here reads the environment systemd sets ({@code NOTIFY_SOCKET}, {@code WATCHDOG_USEC},
 * {@code LISTEN_PID}, {@code JOURNAL_STREAM}) through an injected map, so tests never mutate the process
 * environment, and everything is a no-op when the daemon does not run under systemd.
 */
package dev.schemagate.daemon.systemd;
