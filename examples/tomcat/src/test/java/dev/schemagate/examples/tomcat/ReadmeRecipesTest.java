package dev.schemagate.examples.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's server recipes are the files the integration tests use: every agent line of examples/tomcat/setenv.sh
 * and examples/wildfly/standalone.conf.addition appears in the README word for word.
 */
class ReadmeRecipesTest {
    // Surefire runs in the module's folder, examples/tomcat.
    static final Path ROOT = Path.of("../..");

    @Test
    void everyAssignmentOfTheTestedRecipeFilesIsInTheReadme() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        for (Path recipe : List.of(
                ROOT.resolve("examples/tomcat/setenv.sh"), ROOT.resolve("examples/wildfly/standalone.conf.addition"))) {
            List<String> assignments = Files.readAllLines(recipe, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .toList();
            assertThat(assignments).as(recipe.toString()).isNotEmpty();
            for (String line : assignments) {
                assertThat(readme).as("README carries %s of %s", line, recipe).contains("\n" + line + "\n");
            }
        }
    }

    @Test
    void theTomcatRecipePutsTheAgentInCatalinaOptsAndSetsAPidFile() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("examples/tomcat/setenv.sh"), StandardCharsets.UTF_8);
        assertThat(lines)
                .anyMatch(l -> l.startsWith(CatalinaBase.CATALINA_OPTS_LINE))
                .noneMatch(l -> l.startsWith("JAVA_OPTS="))
                .contains("CATALINA_PID=\"$CATALINA_BASE/temp/catalina.pid\"");
    }
}
