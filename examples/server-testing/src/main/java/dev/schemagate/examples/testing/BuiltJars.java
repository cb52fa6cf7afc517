package dev.schemagate.examples.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The jars under test, as the build hands them to failsafe; missing ones fail the test (never skip it). */
public final class BuiltJars {
    private BuiltJars() {}

    /** {@code daemon/target/schemagate.jar}, from the system property {@code schemagate.jar}. */
    public static Path daemon() {
        return required("schemagate.jar");
    }

    /** {@code agent/target/schemagate-agent.jar}, from the system property {@code schemagate.agent.jar}. */
    public static Path agent() {
        return required("schemagate.agent.jar");
    }

    /** A file the module's pom passes as a system property (an app jar, a war, an unpacked server). */
    public static Path required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new AssertionError("system property " + property + " is not set: run this test through failsafe"
                    + " (./mvnw -B verify), which sets it after 'package'");
        }
        Path path = Path.of(value).toAbsolutePath().normalize();
        if (!Files.exists(path)) {
            throw new AssertionError(property + "=" + path + " does not exist: run './mvnw -B package' first");
        }
        return path;
    }

    /** The java binary running this test: servers and the daemon run on the same JDK. */
    public static Path javaHome() {
        return Path.of(System.getProperty("java.home"));
    }

    /** {@code java} of {@link #javaHome()}. */
    public static String java() {
        return javaHome().resolve("bin").resolve("java").toString();
    }
}
