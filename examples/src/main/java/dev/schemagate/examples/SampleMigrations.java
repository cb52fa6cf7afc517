package dev.schemagate.examples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The sample migrations in examples/migrations, as classpath resources the demo copies into its folder. */
public final class SampleMigrations {
    /** Every file of examples/migrations; a test checks this list against the folder. */
    public static final List<String> NAMES =
            List.of("V1__accounts.sql", "V2__orders.sql", "V3__seed_sample_data.sql", "V4__account_totals_view.sql");

    /** The schema version the samples end at. */
    public static final String FINAL_VERSION = "4";

    private SampleMigrations() {}

    /** Copies every sample migration into {@code folder} (created if needed). */
    public static void copyTo(Path folder) throws IOException {
        Files.createDirectories(folder);
        for (String name : NAMES) {
            try (InputStream in = SampleMigrations.class.getResourceAsStream("migrations/" + name)) {
                if (in == null) {
                    throw new IOException("sample migration " + name + " is missing from the classpath");
                }
                Files.copy(in, folder.resolve(name));
            }
        }
    }
}
