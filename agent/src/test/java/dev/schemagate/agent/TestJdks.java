package dev.schemagate.agent;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The JDKs the agent's child-JVM tests run on, found on whatever machine runs them; never a path of one machine.
 *
 * <p>{@value #JDKS_ENV} (JAVA_HOMEs separated by the path separator) names them exactly. Without it: the JDKs of
 * Maven's toolchains ({@code ~/.m2/toolchains.xml}, type {@code jdk}), the JDK running the tests,
 * {@code JAVA_HOME}, and every folder with {@code bin/java} under {@code /usr/lib/jvm} (where Debian's packages and
 * Adoptium's put JDKs: scanning the standard folder is discovery, not a fixed path). The same JDK reached by
 * several names (Debian's symlinks) counts once.
 *
 * <p>Self-contained (java.base and java.xml only) so that {@code .ci/run} can run this file with the source
 * launcher before the build: {@code java agent/src/test/java/dev/schemagate/agent/TestJdks.java} prints the JDKs
 * and fails unless JDK 17 and a newer one were found.
 */
public final class TestJdks {

    /** Names the JDKs exactly, overriding discovery. */
    static final String JDKS_ENV = "SCHEMAGATE_TEST_JDKS";

    /** Set to 1 to let the multi-JDK tests run on one JDK; without it they fail and say why. */
    static final String ONE_JDK_ENV = "SCHEMAGATE_TEST_ONE_JDK";

    private static final Path STANDARD_FOLDER = Path.of("/usr/lib/jvm");
    private static final int BASELINE = 17;

    /** One JDK: its home, its feature version (17, 25) and full version, and where it was found. */
    public record Jdk(Path home, int feature, String version, String foundBy) {
        /** A program in its {@code bin}, such as {@code java} or {@code jcmd}. */
        public Path tool(String name) {
            return home.resolve("bin").resolve(name);
        }

        /** Its {@code bin/java}. */
        public Path java() {
            return tool("java");
        }

        @Override
        public String toString() {
            return "JDK " + version + " at " + home + " (" + foundBy + ")";
        }
    }

    private static List<Jdk> found;

    private TestJdks() {}

    /** Every JDK found on this machine, sorted by version; cached. */
    static synchronized List<Jdk> all() {
        if (found == null) {
            found = find(System.getenv(), Path.of(System.getProperty("user.home")), System.getProperty("java.home"));
        }
        return found;
    }

    /**
     * The JDKs a multi-JDK test runs on: all of them, and at least two unless {@value #ONE_JDK_ENV}=1 allows one,
     * so that a machine with one JDK cannot pass these tests silently.
     */
    public static Stream<Jdk> forTests() {
        List<Jdk> jdks = all();
        if (jdks.size() < 2 && !"1".equals(System.getenv(ONE_JDK_ENV))) {
            throw new IllegalStateException("only one JDK found (" + jdks + "); the agent's tests run on every JDK,"
                    + " and one is not enough to show that. Action: install a second JDK (e.g. Temurin 25) under "
                    + STANDARD_FOLDER + ", list it in ~/.m2/toolchains.xml, or name the JDKs in " + JDKS_ENV
                    + "=/path/jdk17" + File.pathSeparator + "/path/jdk25; or set " + ONE_JDK_ENV
                    + "=1 to run on one JDK knowingly");
        }
        return jdks.stream();
    }

    /** Finds JDKs as the class comment says; throws when {@value #JDKS_ENV} names something that is no JDK. */
    static List<Jdk> find(Map<String, String> env, Path userHome, String runningJavaHome) {
        Map<Path, Jdk> byRealPath = new LinkedHashMap<>();
        String named = env.get(JDKS_ENV);
        if (named != null && !named.isBlank()) {
            for (String home : named.split(File.pathSeparator)) {
                if (home.isBlank()) {
                    continue;
                }
                Jdk jdk = read(Path.of(home.trim()), JDKS_ENV);
                if (jdk == null) {
                    throw new IllegalStateException(JDKS_ENV + " names " + home + ", which is not a JDK (no bin/java"
                            + " and release file); action: list JAVA_HOME folders separated by '" + File.pathSeparator
                            + "'");
                }
                add(byRealPath, jdk);
            }
            return sorted(byRealPath);
        }
        for (Path home : toolchainJdks(userHome.resolve(".m2").resolve("toolchains.xml"))) {
            add(byRealPath, read(home, "Maven toolchains"));
        }
        if (runningJavaHome != null) {
            add(byRealPath, read(Path.of(runningJavaHome), "the running JVM"));
        }
        String javaHome = env.get("JAVA_HOME");
        if (javaHome != null && !javaHome.isBlank()) {
            add(byRealPath, read(Path.of(javaHome), "JAVA_HOME"));
        }
        if (Files.isDirectory(STANDARD_FOLDER)) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(STANDARD_FOLDER)) {
                for (Path dir : dirs) {
                    add(byRealPath, read(dir, STANDARD_FOLDER.toString()));
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot list " + STANDARD_FOLDER + ": " + e, e);
            }
        }
        return sorted(byRealPath);
    }

    /** The jdkHome of every {@code <toolchain>} of type jdk; none when the file is absent. */
    static List<Path> toolchainJdks(Path toolchainsXml) {
        List<Path> homes = new ArrayList<>();
        if (!Files.isRegularFile(toolchainsXml)) {
            return homes;
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            NodeList toolchains =
                    factory.newDocumentBuilder().parse(toolchainsXml.toFile()).getElementsByTagName("toolchain");
            for (int i = 0; i < toolchains.getLength(); i++) {
                Element toolchain = (Element) toolchains.item(i);
                NodeList type = toolchain.getElementsByTagName("type");
                NodeList jdkHome = toolchain.getElementsByTagName("jdkHome");
                if (type.getLength() > 0
                        && "jdk".equals(type.item(0).getTextContent().trim())
                        && jdkHome.getLength() > 0) {
                    homes.add(Path.of(jdkHome.item(0).getTextContent().trim()));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(
                    "cannot read " + toolchainsXml + ": " + e + "; action: fix the file or set " + JDKS_ENV, e);
        }
        return homes;
    }

    /** The JDK at {@code home}, or null when it has no {@code bin/java} or no {@code release} file with a version. */
    static Jdk read(Path home, String foundBy) {
        Path release = home.resolve("release");
        if (!Files.isExecutable(home.resolve("bin").resolve("java")) || !Files.isRegularFile(release)) {
            return null;
        }
        try {
            for (String line : Files.readAllLines(release, StandardCharsets.UTF_8)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String version = line.substring("JAVA_VERSION=".length())
                            .replace("\"", "")
                            .trim();
                    String feature = version.split("[.+-]", 2)[0];
                    return new Jdk(home, Integer.parseInt(feature), version, foundBy);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return null;
        }
        return null;
    }

    private static void add(Map<Path, Jdk> byRealPath, Jdk jdk) {
        if (jdk == null) {
            return;
        }
        try {
            byRealPath.putIfAbsent(jdk.home().toRealPath(), jdk);
        } catch (IOException e) {
            byRealPath.putIfAbsent(jdk.home().toAbsolutePath().normalize(), jdk);
        }
    }

    private static List<Jdk> sorted(Map<Path, Jdk> byRealPath) {
        List<Jdk> jdks = new ArrayList<>(byRealPath.values());
        jdks.sort((a, b) -> a.feature() != b.feature()
                ? Integer.compare(a.feature(), b.feature())
                : a.home().compareTo(b.home()));
        return jdks;
    }

    /** For {@code .ci/run}: prints the JDKs found; exit 1 unless JDK 17 and a newer JDK are among them. */
    public static void main(String[] args) {
        List<Jdk> jdks;
        try {
            jdks = all();
        } catch (IllegalStateException e) {
            System.err.println("TestJdks: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.out.println("JDKs for the agent's tests (" + jdks.size() + "):");
        for (Jdk jdk : jdks) {
            System.out.println("  " + jdk);
        }
        boolean baseline = jdks.stream().anyMatch(j -> j.feature() == BASELINE);
        boolean newer = jdks.stream().anyMatch(j -> j.feature() > BASELINE);
        if (!baseline || !newer) {
            System.err.println("TestJdks: the agent's tests need JDK " + BASELINE + " and a newer JDK; found "
                    + (baseline ? "no JDK newer than " + BASELINE : "no JDK " + BASELINE)
                    + ". Action: install one (e.g. Temurin 25 under " + STANDARD_FOLDER
                    + "), list it in ~/.m2/toolchains.xml, or name the JDKs in " + JDKS_ENV);
            System.exit(1);
        }
    }
}
