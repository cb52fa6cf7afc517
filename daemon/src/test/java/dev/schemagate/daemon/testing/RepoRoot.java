package dev.schemagate.daemon.testing;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The checkout's root folder, for tests that read the documents users rely on (README.md, protocol/PROTOCOL.md,
 * deploy/).
 *
 * <p>Found from where this class was loaded (the module's target/test-classes), walking up to the folder that holds
 * the parent pom and protocol/PROTOCOL.md, so the answer does not depend on the working directory a runner or an IDE
 * chose.
 */
public final class RepoRoot {
    private static final Path ROOT = find();

    private RepoRoot() {}

    /** The root folder; {@code resolve("README.md")} and so on. */
    public static Path path() {
        return ROOT;
    }

    private static Path find() {
        Path start;
        try {
            start = Path.of(RepoRoot.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toAbsolutePath();
        } catch (URISyntaxException | RuntimeException e) {
            throw new AssertionError("cannot tell where the test classes were loaded from: " + e, e);
        }
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml"))
                    && Files.isRegularFile(dir.resolve("protocol/PROTOCOL.md"))) {
                return dir;
            }
        }
        throw new AssertionError("no folder above " + start + " holds pom.xml and protocol/PROTOCOL.md: run the tests"
                + " from a schemagate checkout (./mvnw -B verify)");
    }
}
