package dev.schemagate.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The built agent jar holds only our classes and META-INF, and says what it is. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AgentJarIT {

    @TempDir
    Path dir;

    @Test
    void containsOnlyOurClassesAndMetaInf() throws Exception {
        try (JarFile jar = new JarFile(ChildJvm.agentJar().toFile())) {
            List<String> names = Collections.list(jar.entries()).stream()
                    .map(ZipEntry::getName)
                    .toList();
            System.out.println("schemagate-agent.jar: " + Files.size(ChildJvm.agentJar()) + " bytes, " + names.size()
                    + " entries");

            assertThat(names).allSatisfy(n -> assertThat(n).matches("META-INF/.*|dev/|dev/schemagate/.*"));
            assertThat(names)
                    .contains(
                            "dev/schemagate/agent/Agent.class",
                            "dev/schemagate/agent/Gate.class",
                            "dev/schemagate/protocol/Message.class",
                            "dev/schemagate/protocol/LineReader.class");
            assertThat(names)
                    .filteredOn(n -> n.endsWith(".class"))
                    .allSatisfy(
                            n -> assertThat(n).matches("dev/schemagate/(agent|protocol)/[A-Za-z]+(-info)?\\.class"));
            // Small: no bundled library. The entries are stored, not deflated (agent/pom.xml), so the bound is on the
            // class bytes: 118 KB stored were 64 KB deflated; any library would still be far beyond it.
            assertThat(Files.size(ChildJvm.agentJar())).isLessThan(150_000L);

            Manifest mf = jar.getManifest();
            assertThat(mf.getMainAttributes().getValue("Premain-Class")).isEqualTo(Agent.class.getName());
            assertThat(mf.getMainAttributes().getValue("Main-Class")).isEqualTo(Agent.class.getName());
        }
    }

    @Test
    void javaDashJarPrintsTheVersion() throws Exception {
        ChildJvm.Result r =
                ChildJvm.run(List.of(ChildJvm.JAVA, "-jar", ChildJvm.agentJar().toString()), Map.of(), dir);

        assertThat(r.exitCode()).isEqualTo(0);
        assertThat(r.stdout())
                .isEqualTo("schemagate-agent " + System.getProperty("schemagate.version") + System.lineSeparator());
    }
}
