package dev.schemagate.bench;

import java.lang.instrument.Instrumentation;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * An agent whose premain does nothing: the floor of the -javaagent mechanism. With the argument {@code secrandom}
 * it does only what the JDK 17 static initializer of sun.nio.ch.UnixDomainSockets does on the first Unix socket:
 * {@code SecureRandom.getInstance("NativePRNGNonBlocking")}, to measure that share of the agent's cost.
 */
public final class EmptyAgent {
    private EmptyAgent() {}

    public static void premain(String args, Instrumentation instrumentation) {
        if ("secrandom".equals(args)) {
            try {
                SecureRandom.getInstance("NativePRNGNonBlocking");
            } catch (NoSuchAlgorithmException e) {
                new SecureRandom();
            }
        }
    }
}
