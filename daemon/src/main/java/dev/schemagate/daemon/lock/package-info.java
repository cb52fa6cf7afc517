/** Taking SQLite's write lock, and diagnosing who holds it when it cannot be taken. */
package dev.schemagate.daemon.lock;
