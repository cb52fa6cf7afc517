package dev.schemagate.examples.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the command-line tools the tests need on PATH, and says what to install when one is missing. */
public final class Tools {
    private Tools() {}

    /** The executable {@code name} on PATH; fails naming the package that provides it. */
    public static Path onPath(String name, String debianPackage) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(name + " is not on PATH (" + path + "): install it (apt-get install " + debianPackage
                + "; .ci/run does this on a fresh machine)");
    }
}
