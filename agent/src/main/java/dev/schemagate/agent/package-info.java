/** The -javaagent that gates a worker JVM's start until the schema is ready. */
package dev.schemagate.agent;
