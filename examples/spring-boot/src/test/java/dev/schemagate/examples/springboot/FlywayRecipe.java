package dev.schemagate.examples.springboot;

import java.nio.file.Path;
import java.util.List;

/**
 * The README's "Spring Boot with Flyway" recipe as {@link FlywayAdoptionIT} runs it; {@link ReadmeRecipeTest} checks
 * that the README says the same.
 */
final class FlywayRecipe {
    /** The example's Spring profile with Spring Boot's own Flyway on: the app before the move. */
    static final String BEFORE_PROFILE = "flyway";

    /** The property line that turns Spring Boot's Flyway off, as the example's application.properties has it. */
    static final String FLYWAY_OFF = "spring.flyway.enabled=false";

    private FlywayRecipe() {}

    /** {@code schemagate import ...}'s arguments for the database and the folder of the app's migrations. */
    static List<String> importArguments(Path db, Path migrations) {
        return List.of("import", "--db", db.toString(), "--migrations", migrations.toString(), "--from", "flyway");
    }
}
