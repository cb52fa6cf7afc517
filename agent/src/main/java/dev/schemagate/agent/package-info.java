/**
 * The -javaagent that gates a worker JVM's start until the schema is ready.
 *
 * <p>{@link dev.schemagate.agent.Agent} is the thin premain entry point: it reads its options, calls
 * {@link dev.schemagate.agent.Gate#await} and either returns (the application starts) or prints one
 * {@code schemagate-agent:} line and exits with a sysexits code. {@code Gate} is also the client behind
 * {@code schemagate wait} for non-JVM workers. Before anything else, {@link dev.schemagate.agent.JvmSelector}
 * lets through the JVMs that serve nothing but pick the agent up from {@code JAVA_OPTS} or
 * {@code JAVA_TOOL_OPTIONS} ({@link dev.schemagate.agent.BuiltInSkips}: JDK tools, build tools, server commands),
 * and applies the user's {@code skip=} and {@code gate=} patterns. Everything here runs before the application's
 * {@code main}, so it uses java.base and the protocol module only: no logging facility, no JMX, no
 * regex, no lambdas in the start-up path.
 */
package dev.schemagate.agent;
