package dev.schemagate.bench;

import java.lang.instrument.Instrumentation;

/** An agent whose premain does nothing: the floor of the -javaagent mechanism. */
public final class EmptyAgent {
    private EmptyAgent() {}

    public static void premain(String args, Instrumentation instrumentation) {
    }
}
