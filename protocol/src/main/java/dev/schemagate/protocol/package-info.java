/** The line-based wire protocol between the schemagate daemon and its agents. */
package dev.schemagate.protocol;
