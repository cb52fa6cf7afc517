/**
 * The -javaagent that gates a worker JVM's start until the schema is ready.
 *
 * <p>{@link dev.schemagate.agent.Agent} is the thin premain entry point: it reads its options, calls
 * {@link dev.schemagate.agent.Gate#await} and either returns (the application starts) or prints one
 * {@code schemagate-agent:} line and exits with a sysexits code. {@code Gate} is also the client behind
 * {@code schemagate wait} for non-JVM workers. Everything here runs before the application's
 * {@code main}, so it uses java.base and the protocol module only: no logging facility, no JMX, no
 * regex, no lambdas in the start-up path.
 */
package dev.schemagate.agent;
