/**
 * The line-based wire protocol between the schemagate daemon and its agents.
 *
 * <p>Every message is one UTF-8 line: an upper-case type word, then {@code key=value} fields
 * separated by single spaces, values written bare or, logfmt style, in double quotes with
 * backslash escapes when a raw character would break the framing or a terminal. The module depends on java.base alone and is loaded inside every worker
 * JVM by the agent, so it stays small: one {@link dev.schemagate.protocol.Message} class for all
 * message types, no regex, no reflection, and the word lists are compile-time constants that the
 * compiler inlines, so their classes are never loaded at run time. {@code PROTOCOL.md} beside the
 * module's pom is the full specification.
 */
package dev.schemagate.protocol;
