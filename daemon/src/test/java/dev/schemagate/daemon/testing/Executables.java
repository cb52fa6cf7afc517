package dev.schemagate.daemon.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one lookup of the real tools tests run (sqlite3, promtool, systemd-analyze): on {@code PATH}, as a shell
 * would, never at a path that holds on one machine only.
 *
 * <p>A missing tool fails the test (never skips it): CI installs them, and a skipped oracle proves nothing.
 */
public final class Executables {
    private Executables() {}

    /**
     * The first executable called {@code name} in a {@code PATH} folder.
     *
     * @param install how to install it, for the failure message
     * @throws AssertionError naming the tool, the PATH searched and the install command when it is not there
     */
    public static Path onPath(String name, String install) {
        return onPath(name, System.getenv().getOrDefault("PATH", ""), install);
    }

    static Path onPath(String name, String path, String install) {
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue; // An empty entry means the working directory: not where a test should find tools.
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(name + " is not on PATH (" + path + "); these tests need the real one."
                + " Install it (" + install + ") or add its folder to PATH, and run again.");
    }
}
