package dev.schemagate.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the child-JVM tests find their JDKs: the env variable, Maven toolchains, discovery; symlinks count once. */
class TestJdksTest {

    @TempDir
    Path dir;

    private Path fakeJdk(String name, String version) throws Exception {
        Path home = dir.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        Path java = Files.writeString(home.resolve("bin/java"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"" + version + "\"\n");
        return home;
    }

    @Test
    void theEnvironmentVariableNamesThemExactly() throws Exception {
        Path a = fakeJdk("a", "21.0.2");
        Path b = fakeJdk("b", "17.0.9");
        Path link = Files.createSymbolicLink(dir.resolve("b-link"), b);

        List<TestJdks.Jdk> jdks = TestJdks.find(
                Map.of(TestJdks.JDKS_ENV, a + File.pathSeparator + link + File.pathSeparator + b), dir, null);

        assertThat(jdks).extracting(TestJdks.Jdk::feature).containsExactly(17, 21);
        assertThat(jdks).extracting(TestJdks.Jdk::foundBy).containsOnly(TestJdks.JDKS_ENV);
        assertThat(jdks.get(1).java()).isEqualTo(a.resolve("bin/java"));
    }

    @Test
    void aNamedFolderThatIsNoJdkIsAnError() throws Exception {
        Path notJdk = Files.createDirectories(dir.resolve("jre-without-release"));

        assertThatThrownBy(() -> TestJdks.find(Map.of(TestJdks.JDKS_ENV, notJdk.toString()), dir, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(TestJdks.JDKS_ENV + " names " + notJdk + ", which is not a JDK");
    }

    @Test
    void mavenToolchainsAndJavaHomeAreRead() throws Exception {
        Path tc = fakeJdk("toolchain-jdk", "25.0.1+8");
        Path home = fakeJdk("java-home", "17.0.15");
        Files.createDirectories(dir.resolve(".m2"));
        Files.writeString(
                dir.resolve(".m2/toolchains.xml"),
                "<?xml version=\"1.0\"?>\n<toolchains>\n"
                        + "  <toolchain><type>netbeans</type><configuration><jdkHome>/nope</jdkHome></configuration></toolchain>\n"
                        + "  <toolchain><type>jdk</type><provides><version>25</version></provides>\n"
                        + "    <configuration><jdkHome> " + tc + " </jdkHome></configuration></toolchain>\n"
                        + "</toolchains>\n");

        List<TestJdks.Jdk> jdks = TestJdks.find(Map.of("JAVA_HOME", home.toString()), dir, null);

        assertThat(jdks).filteredOn(j -> j.home().equals(tc)).singleElement().satisfies(j -> {
            assertThat(j.feature()).isEqualTo(25);
            assertThat(j.version()).isEqualTo("25.0.1+8");
            assertThat(j.foundBy()).isEqualTo("Maven toolchains");
        });
        assertThat(jdks)
                .filteredOn(j -> j.home().equals(home))
                .extracting(TestJdks.Jdk::foundBy)
                .containsExactly("JAVA_HOME");
        assertThat(TestJdks.toolchainJdks(dir.resolve("missing.xml"))).isEmpty();
    }

    @Test
    void theRunningJvmIsAlwaysFound() {
        List<TestJdks.Jdk> jdks = TestJdks.find(Map.of(), dir, System.getProperty("java.home"));

        assertThat(jdks)
                .anySatisfy(
                        j -> assertThat(j.feature()).isEqualTo(Runtime.version().feature()));
    }
}
