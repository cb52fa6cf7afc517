/** The schemagate daemon and command line. */
package dev.schemagate.daemon;
