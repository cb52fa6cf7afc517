package dev.schemagate.daemon.migrate;

import static dev.schemagate.daemon.testing.Sqlite.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.schemagate.daemon.SchemagateException;
import dev.schemagate.daemon.lock.LockSettings;
import dev.schemagate.daemon.testing.Sqlite;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code import --from flyway} on histories written by real Flyway 13.12.1 on real SQLite files: the re-implemented
 * checksum matches what Flyway stored, successful rows become imported rows, the BASELINE row a baseline, and a
 * failed row or an edited file stops the import with nothing changed.
 */
class FlywayImportTest {
    /** Scripts whose bytes stress the checksum: CRLF, a lone CR, a BOM, non-ASCII text, no final newline. */
    private static final Map<String, byte[]> SCRIPTS = Map.of(
            "V1__users.sql",
            bytes("\uFEFFCREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\r\n\r\n-- caf\u00e9 \uD83D\uDE00\r\n"),
            "V2__orders.sql",
            bytes("CREATE TABLE orders (id INTEGER PRIMARY KEY,\r  user_id INTEGER REFERENCES users (id));\n"),
            "V2.1__seed.sql",
            bytes("INSERT INTO users (name) VALUES ('Zo\u00eb');\n\n\nINSERT INTO users (name) VALUES ('x')"),
            "V3__index.sql",
            bytes("CREATE INDEX orders_user ON orders (user_id);\n"));

    @TempDir
    Path dir;

    private Path db() {
        return dir.resolve("app.db");
    }

    private Path folder() {
        return dir.resolve("db").resolve("migration");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void writeScripts(Map<String, byte[]> scripts) throws Exception {
        Files.createDirectories(folder());
        for (Map.Entry<String, byte[]> e : scripts.entrySet()) {
            Files.write(folder().resolve(e.getKey()), e.getValue());
        }
    }

    private org.flywaydb.core.api.configuration.FluentConfiguration flywayConfig() {
        return Flyway.configure()
                .dataSource("jdbc:sqlite:" + db(), null, null)
                .locations("filesystem:" + folder())
                .cleanDisabled(true);
    }

    private MigrateSettings settings() {
        return new MigrateSettings(db(), folder(), LockSettings.DEFAULTS, false);
    }

    @Test
    void theChecksumMatchesWhatRealFlywayStoredForEveryScript() throws Exception {
        writeScripts(SCRIPTS);
        flywayConfig().load().migrate();

        Map<String, String> stored =
                rows(db(), "SELECT script, checksum FROM flyway_schema_history WHERE type = 'SQL'").stream()
                        .map(r -> r.split("\\|"))
                        .collect(Collectors.toMap(r -> r[0], r -> r[1]));
        assertThat(stored).hasSize(SCRIPTS.size());
        for (Map.Entry<String, byte[]> e : SCRIPTS.entrySet()) {
            String text = new String(e.getValue(), StandardCharsets.UTF_8);
            assertThat(Integer.toString(FlywayChecksum.of(text)))
                    .as("checksum of %s", e.getKey())
                    .isEqualTo(stored.get(e.getKey()));
        }
    }

    @Test
    void importsFlywaysRowsThenMigrateAppliesOnlyTheNewFile() throws Exception {
        writeScripts(SCRIPTS);
        flywayConfig().load().migrate();
        List<String> flywayTable = rows(db(), "SELECT * FROM flyway_schema_history ORDER BY installed_rank");
        Sqlite.write(folder(), "V4__payments.sql", "CREATE TABLE payments (id INTEGER PRIMARY KEY);\n");

        assertThatThrownBy(() -> new Migrator(settings(), MigrationListener.NONE).migrate())
                .isInstanceOf(NotAdoptedException.class)
                .hasMessageContaining("flyway_schema_history (Flyway; import --from flyway)")
                .hasMessageContaining(
                        "schemagate import --db " + db() + " --migrations " + folder() + " --from flyway");

        Adopter.Adoption adoption = new Adopter(settings()).importFrom(null);

        assertThat(adoption.from()).isEqualTo(ImportFormat.FLYWAY);
        assertThat(rows(db(), "SELECT version, script, kind, applied_by FROM schemagate_history ORDER BY rowid"))
                .containsExactly(
                        "1|V1__users.sql|imported|flyway:",
                        "2|V2__orders.sql|imported|flyway:",
                        "2.1|V2.1__seed.sql|imported|flyway:",
                        "3|V3__index.sql|imported|flyway:");
        assertThat(rows(db(), "SELECT * FROM flyway_schema_history ORDER BY installed_rank"))
                .as("Flyway's table is left as it was")
                .isEqualTo(flywayTable);

        MigrationResult result = new Migrator(settings(), MigrationListener.NONE).migrate();

        assertThat(result.applied()).extracting(AppliedMigration::script).containsExactly("V4__payments.sql");
        assertThat(rows(db(), "SELECT count(*) FROM users")).containsExactly("2");
    }

    @Test
    void flywaysBaselineRowBecomesABaselineAndFilesBelowItNeverRun() throws Exception {
        // An app whose schema predates Flyway: tables made by hand, then 'flyway baseline' at 2, then V3 by Flyway.
        Sqlite.exec(
                db(),
                "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)",
                "CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER)");
        writeScripts(Map.of(
                "V1__users.sql",
                SCRIPTS.get("V1__users.sql"),
                "V2__orders.sql",
                SCRIPTS.get("V2__orders.sql"),
                "V3__index.sql",
                SCRIPTS.get("V3__index.sql")));
        flywayConfig().baselineVersion("2").baselineOnMigrate(true).load().migrate();
        assertThat(rows(db(), "SELECT version, type FROM flyway_schema_history ORDER BY installed_rank"))
                .containsExactly("2|BASELINE", "3|SQL");

        new Adopter(settings()).importFrom(ImportFormat.FLYWAY);

        MigrationPlan plan = HistoryReader.planWithoutLock(settings(), MigrationResolver.resolve(folder()));
        assertThat(plan.statuses())
                .extracting(s -> s.version() + " " + s.state().label() + " "
                        + (s.applied() == null ? "-" : s.applied().kind()))
                .containsExactly("1 below-baseline -", "2 baseline baseline", "3 applied imported");
        assertThat(plan.pending()).isEmpty();
        assertThat(new Migrator(settings(), MigrationListener.NONE).migrate().applied())
                .isEmpty();
    }

    @Test
    void aFailedFlywayRowRefusesTheImportShowingTheRow() throws Exception {
        writeScripts(SCRIPTS);
        flywayConfig().load().migrate();
        // On SQLite Flyway's failed migrations roll back without a row; other databases leave success = 0 behind,
        // and a copied or restored history can carry one.
        Sqlite.exec(db(), "UPDATE flyway_schema_history SET success = 0 WHERE version = '2.1'");

        assertThatThrownBy(() -> new Adopter(settings()).importFrom(ImportFormat.FLYWAY))
                .isInstanceOf(MigrationFilesException.class)
                .hasMessageContaining("Flyway recorded a FAILED migration: installed_rank=3 version=2.1 type=SQL"
                        + " script=V2.1__seed.sql")
                .hasMessageContaining("flyway repair");
        assertThat(rows(db(), "SELECT name FROM sqlite_schema WHERE name = 'schemagate_history'"))
                .isEmpty();
    }

    @Test
    void aFileEditedSinceFlywayRanItRefusesTheImport() throws Exception {
        writeScripts(SCRIPTS);
        flywayConfig().load().migrate();
        Files.writeString(folder().resolve("V3__index.sql"), "CREATE INDEX orders_user ON orders (user_id, id);\n");

        assertThatThrownBy(() -> new Adopter(settings()).importFrom(null))
                .isInstanceOf(SchemagateException.class)
                .hasMessageContaining("V3__index.sql: changed since Flyway applied it (Flyway's checksum");
        assertThat(rows(db(), "SELECT name FROM sqlite_schema WHERE name = 'schemagate_history'"))
                .isEmpty();
    }
}
