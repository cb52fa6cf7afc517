/**
 * What the app-server integration tests share. Every part is real: the daemon is {@code schemagate.jar} in its own
 * JVM, each server is started by its own scripts or launcher with the agent attached the way the README says,
 * listening ports are read from {@code /proc}, and a concurrent writer is the {@code sqlite3} shell.
 * {@link dev.schemagate.examples.testing.GatedServerContract} is the behaviour every server must show.
 */
package dev.schemagate.examples.testing;
