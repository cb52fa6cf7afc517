package dev.schemagate.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Mistakes on the command line itself: each exits 64 (EX_USAGE) with one line naming the mistake and where the usage
 * is, before any file, database or socket is touched (the paths below do not exist and are never looked at).
 */
class CommandLineMistakesTest {
    private static final String HINT = "\nRun 'java -jar schemagate.jar --help' for usage.\n";

    private final InProcessCli cli = new InProcessCli();

    private int run(String... args) {
        return cli.run(args);
    }

    private String stderr() {
        return cli.stderr();
    }

    @Test
    void anUnknownCommandExits64NamingIt() {
        assertThat(run("migrat", "--db", "/nonexistent/app.db")).isEqualTo(64);
        assertThat(stderr()).isEqualTo("schemagate: unknown command 'migrat'" + HINT);
        assertThat(cli.stdout()).isEmpty();
    }

    @Test
    void anOptionWithoutItsValueExits64() {
        assertThat(run("migrate", "--db", "--migrations", "/nonexistent/m")).isEqualTo(64);
        assertThat(stderr()).isEqualTo("schemagate: --db needs a value" + HINT);
        assertThat(run("migrate", "--migrations", "/nonexistent/m", "--db")).isEqualTo(64);
        assertThat(stderr()).isEqualTo("schemagate: --db needs a value" + HINT);
    }

    @Test
    void aStrayWordAFlagWithAValueAndAnOptionGivenTwiceExit64() {
        assertThat(run("status", "app.db")).isEqualTo(64);
        assertThat(stderr()).isEqualTo("schemagate: unexpected argument 'app.db'" + HINT);
        assertThat(run("migrate", "--dry-run=yes")).isEqualTo(64);
        assertThat(stderr()).isEqualTo("schemagate: --dry-run is a flag and takes no value" + HINT);
        assertThat(run("migrate", "--db", "/nonexistent/a.db", "--db", "/nonexistent/b.db"))
                .isEqualTo(64);
        assertThat(stderr()).isEqualTo("schemagate: --db is given twice" + HINT);
    }

    @Test
    void noCommandAtAllPrintsTheUsageAndExits64() {
        assertThat(run()).isEqualTo(64);
        assertThat(cli.stdout()).startsWith("Usage: java -jar schemagate.jar COMMAND");
    }
}
