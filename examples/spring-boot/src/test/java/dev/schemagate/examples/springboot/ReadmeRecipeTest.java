package dev.schemagate.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's "Spring Boot with Flyway" recipe is what {@link FlywayAdoptionIT} does to the example app. */
class ReadmeRecipeTest {
    // Surefire runs in the module's folder, examples/spring-boot.
    static final Path ROOT = Path.of("../..");

    /** The README's lines without their indentation (the recipe's code blocks sit inside a numbered list). */
    private static List<String> readmeLines() throws IOException {
        return Files.readAllLines(ROOT.resolve("README.md"), StandardCharsets.UTF_8).stream()
                .map(String::strip)
                .toList();
    }

    @Test
    void theExampleTurnsFlywayOffAsTheReadmeSaysAndOnlyItsBeforeProfileTurnsItOn() throws IOException {
        Path resources = Path.of("src/main/resources");
        assertThat(Files.readAllLines(resources.resolve("application.properties"), StandardCharsets.UTF_8))
                .contains(FlywayRecipe.FLYWAY_OFF);
        assertThat(Files.readAllLines(
                        resources.resolve("application-" + FlywayRecipe.BEFORE_PROFILE + ".properties"),
                        StandardCharsets.UTF_8))
                .contains("spring.flyway.enabled=true");
        assertThat(readmeLines()).contains(FlywayRecipe.FLYWAY_OFF);
    }

    @Test
    void theReadmesImportCommandIsTheOneTheTestRuns() throws IOException {
        String command = "java -jar schemagate.jar "
                + String.join(" ", FlywayRecipe.importArguments(Path.of("app.db"), Path.of("db/migration")));
        assertThat(readmeLines()).contains(command);
    }
}
