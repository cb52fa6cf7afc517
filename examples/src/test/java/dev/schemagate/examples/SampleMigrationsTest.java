package dev.schemagate.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleMigrationsTest {
    @Test
    void theListNamesEveryFileOfTheFolderAndTheyCopy(@TempDir Path dir) throws IOException {
        try (Stream<Path> files = Files.list(Path.of("migrations"))) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactlyElementsOf(SampleMigrations.NAMES);
        }
        SampleMigrations.copyTo(dir);
        for (String name : SampleMigrations.NAMES) {
            assertThat(dir.resolve(name)).hasSameTextualContentAs(Path.of("migrations", name));
        }
    }
}
