package dev.schemagate.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.schemagate.protocol.ErrorCodes;
import dev.schemagate.protocol.Messages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Gate client against a fake daemon on a real Unix socket. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GateTest {

    @TempDir
    Path dir;

    private final List<FakeDaemon> daemons = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    @AfterEach
    void stopDaemons() throws IOException {
        for (FakeDaemon d : daemons) {
            assertThat(d.scriptErrors()).isEmpty();
            d.close();
        }
    }

    private Path socket() {
        return dir.resolve("d.sock");
    }

    private FakeDaemon daemon(FakeDaemon.Script script) throws IOException {
        FakeDaemon d = FakeDaemon.start(socket(), script);
        daemons.add(d);
        return d;
    }

    private GateOptions options(long timeoutMillis, String requires) {
        return new GateOptions(socket(), timeoutMillis, requires, "orders-api", "test");
    }

    private String errText() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void readyReleasesWithZeroAndSendsHello() throws Exception {
        FakeDaemon d = daemon(conn -> {
            conn.send(Messages.welcome(1, "0.1.0"));
            conn.send(Messages.locking(20, 1, null));
            conn.send(Messages.migrating(1, 2, "V4__a.sql", "4"));
            conn.send(Messages.migrating(2, 2, "V5__b.sql", "5"));
            conn.send(Messages.ready("5", 2));
            conn.close();
        });

        GateOutcome outcome = Gate.await(options(5000, null), err);

        assertThat(outcome.exitCode()).isEqualTo(0);
        assertThat(outcome.isReady()).isTrue();
        assertThat(outcome.version()).isEqualTo("5");
        assertThat(outcome.reason()).isEqualTo("schema ready at version 5");
        assertThat(errText()).isEmpty();
        assertThat(d.hellos())
                .containsExactly(
                        Messages.hello("orders-api", ProcessHandle.current().pid(), null));
    }

    @Test
    void requiresIsSentInHello() throws Exception {
        FakeDaemon d = daemon(FakeDaemon.ready("9"));

        GateOutcome outcome = Gate.await(options(5000, "9"), err);

        assertThat(outcome.exitCode()).isEqualTo(0);
        assertThat(d.hellos()).hasSize(1);
        assertThat(d.hellos().get(0).toString())
                .isEqualTo("HELLO v=1 app=orders-api pid="
                        + ProcessHandle.current().pid() + " requires=9");
    }

    @Test
    void failedGivesSeventyWithTheDaemonsReasonOnOneLine() throws Exception {
        daemon(conn -> {
            conn.send(Messages.welcome(1, "0.1.0"));
            conn.send(Messages.failed(
                    ErrorCodes.MIGRATION_FAILED,
                    "V3__add users.sql",
                    4,
                    "no such table: user\nnear line 4",
                    "Fix the file and reload the daemon"));
            conn.close();
        });

        GateOutcome outcome = Gate.await(options(5000, null), err);

        assertThat(outcome.exitCode()).isEqualTo(70);
        assertThat(outcome.version()).isNull();
        assertThat(outcome.reason())
                .isEqualTo("schema migration failed: MIGRATION_FAILED in V3__add users.sql line 4:"
                        + " no such table: user near line 4; action: Fix the file and reload the daemon");
    }

    @Test
    void failedBadMigrationFilesGivesSixtyFive() throws Exception {
        daemon(conn -> {
            conn.send(Messages.welcome(1, "0.1.0"));
            conn.send(Messages.failed(ErrorCodes.BAD_MIGRATION_FILES, null, -1, "two files have version 3", null));
        });

        GateOutcome outcome = Gate.await(options(5000, null), err);

        assertThat(outcome.exitCode()).isEqualTo(65);
        assertThat(outcome.reason())
                .isEqualTo("schema migration failed: BAD_MIGRATION_FILES: two files have version 3;"
                        + " action: see the daemon's log (journalctl -u schemagate)");
    }

    @Test
    void timeoutWhileTheDaemonMigratesGivesSeventyFive() throws Exception {
        daemon(conn -> {
            conn.send(Messages.welcome(1, "0.1.0"));
            conn.send(Messages.migrating(2, 5, "V2__x.sql", "2"));
            conn.holdOpen();
        });

        GateOutcome outcome = Gate.await(options(1000, null), err);

        assertThat(outcome.exitCode()).isEqualTo(75);
        assertThat(outcome.reason())
                .isEqualTo("schema not ready after 1s: daemon is MIGRATING step 2 of 5 (V2__x.sql);"
                        + " action: check the daemon's log (journalctl -u schemagate) or raise timeout=");
        // The watchdog closed the blocked read at the deadline, not much later.
        assertThat(outcome.elapsedMillis()).isBetween(1000L, 2500L);
    }

    @Test
    void noDaemonAtAllGivesSixtyNineAfterTheTimeout() {
        GateOutcome outcome = Gate.await(options(1000, null), err);

        assertThat(outcome.exitCode()).isEqualTo(69);
        assertThat(outcome.reason())
                .isEqualTo("schemagate daemon not reachable at " + socket() + " within 1s"
                        + " (last error: No such file or directory); action: start the daemon (systemctl start schemagate)"
                        + " or point socket= at its socket");
        assertThat(outcome.elapsedMillis()).isBetween(1000L, 2500L);
    }

    @Test
    void staleSocketFileGivesSixtyNineWithConnectionRefused() throws Exception {
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket()));
        }
        assertThat(socket()).exists();

        GateOutcome outcome = Gate.await(options(500, null), err);

        assertThat(outcome.exitCode()).isEqualTo(69);
        assertThat(outcome.reason()).contains("within 500ms (last error: Connection refused)");
    }

    @Test
    void daemonThatAppearsAfterOneSecondReleases() throws Exception {
        CompletableFuture<Void> later = CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(1000);
                daemon(FakeDaemon.ready("5"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        GateOutcome outcome = Gate.await(options(10_000, null), err);

        later.get();
        assertThat(outcome.exitCode()).isEqualTo(0);
        assertThat(outcome.elapsedMillis()).isGreaterThanOrEqualTo(1000L);
    }

    @Test
    void daemonThatDiesMidWaitAndComesBackReleases() throws Exception {
        FakeDaemon first = FakeDaemon.start(socket(), conn -> {
            conn.send(Messages.welcome(1, "0.1.0"));
            conn.send(Messages.migrating(1, 3, "V1__a.sql", "1"));
            conn.holdOpen();
        });
        CompletableFuture<GateOutcome> waiting =
                CompletableFuture.supplyAsync(() -> Gate.await(options(10_000, null), err));
        await().atMost(Duration.ofSeconds(5)).until(() -> first.hellos().size() == 1);

        first.close();
        Thread.sleep(500);
        FakeDaemon second = daemon(FakeDaemon.ready("3"));

        GateOutcome outcome = waiting.get(10, TimeUnit.SECONDS);
        assertThat(outcome.exitCode()).isEqualTo(0);
        assertThat(outcome.version()).isEqualTo("3");
        assertThat(second.hellos()).hasSize(1);
    }

    @Test
    void connectionClosedWithoutVerdictReconnects() throws Exception {
        FakeDaemon d = daemon(conn -> {
            conn.send(Messages.welcome(1, "0.1.0"));
            if (conn.index() == 0) {
                conn.send(Messages.starting());
                conn.close();
            } else {
                conn.send(Messages.ready("2", 1));
            }
        });

        GateOutcome outcome = Gate.await(options(5000, null), err);

        assertThat(outcome.exitCode()).isEqualTo(0);
        assertThat(d.connections()).isEqualTo(2);
    }

    @Test
    void aDaemonThatKeepsDroppingTheConnectionTimesOutWithoutNestingTheReason() throws Exception {
        FakeDaemon d = daemon(conn -> {
            conn.send(Messages.welcome(1, "0.1.0"));
            conn.send(Messages.locking(1200, 3, "pid 4242"));
            conn.close();
        });

        GateOutcome outcome = Gate.await(options(1000, null), err);

        assertThat(outcome.exitCode()).isEqualTo(75);
        assertThat(d.connections()).isGreaterThanOrEqualTo(3);
        assertThat(outcome.reason()).startsWith("schema not ready after 1s: ");
        assertThat(outcome.reason().split("reconnecting", -1)).hasSizeLessThanOrEqualTo(2);
        assertThat(outcome.reason().split("last state", -1)).hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void waitingForAnUnknownVersionKeepsWaitingUntilReady() throws Exception {
        daemon(conn -> {
            conn.send(Messages.welcome(1, "0.1.0"));
            conn.send(Messages.waiting(ErrorCodes.REQUIRES_UNKNOWN, "9", "5"));
            Thread.sleep(700);
            conn.send(Messages.ready("9", 4));
        });

        GateOutcome outcome = new GateRun(options(5000, "9"), err, 200).await();

        assertThat(outcome.exitCode()).isEqualTo(0);
        assertThat(outcome.version()).isEqualTo("9");
        assertThat(errText().lines())
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line)
                        .startsWith("test: waiting ")
                        .endsWith(
                                " for schema: daemon has no version 9 yet (newest: 5); waiting for that migration to be"
                                        + " deployed and the daemon reloaded"));
    }

    @Test
    void waitingTimesOutWithSeventyFiveNamingTheMissingVersion() throws Exception {
        daemon(conn -> {
            conn.send(Messages.welcome(1, "0.1.0"));
            conn.send(Messages.waiting(ErrorCodes.REQUIRES_UNKNOWN, "9", "5"));
            conn.holdOpen();
        });

        GateOutcome outcome = Gate.await(options(800, "9"), err);

        assertThat(outcome.exitCode()).isEqualTo(75);
        assertThat(outcome.reason())
                .startsWith("schema not ready after 800ms: daemon has no version 9 yet (newest: 5)");
    }

    @Test
    void progressLinesStopWhenTheWaitEnds() throws Exception {
        daemon(conn -> {
            conn.send(Messages.welcome(1, "0.1.0"));
            conn.send(Messages.migrating(2, 5, "V2__x.sql", "2"));
            Thread.sleep(1100);
            conn.send(Messages.ready("5", 5));
        });

        GateOutcome outcome = new GateRun(options(5000, null), err, 300).await();

        assertThat(outcome.exitCode()).isEqualTo(0);
        List<String> lines = errText().lines().toList();
        assertThat(lines)
                .hasSizeBetween(2, 4)
                .allSatisfy(line -> assertThat(line)
                        .matches(
                                "test: waiting \\d+m?s for schema: daemon is MIGRATING step 2 of 5 \\(V2__x\\.sql\\)"));
        // Absence over a period: no progress line may follow the outcome.
        await().during(Duration.ofMillis(700))
                .atMost(Duration.ofSeconds(2))
                .until(() -> errText().lines().count() == lines.size());
    }

    @Test
    void progressLineWhileNoDaemonNamesTheSocketAndTheError() {
        GateOutcome outcome = new GateRun(options(700, null), err, 300).await();

        assertThat(outcome.exitCode()).isEqualTo(69);
        assertThat(errText().lines())
                .first()
                .asString()
                .matches("test: waiting \\d+ms for schema: daemon not reachable at "
                        + java.util.regex.Pattern.quote(socket().toString()) + " yet \\(No such file or directory\\)");
    }

    @Test
    void garbageFromTheServerFailsAtOnceWithSixtyNine() throws Exception {
        daemon(conn -> {
            conn.sendRaw("HTTP/1.1 400 Bad Request\r\n\r\n");
            conn.holdOpen();
        });

        GateOutcome outcome = Gate.await(options(10_000, null), err);

        assertThat(outcome.exitCode()).isEqualTo(69);
        assertThat(outcome.reason())
                .isEqualTo(
                        "unexpected reply from " + socket() + ": unknown message type"
                                + " 'HTTP/1.1'; action: check that the schemagate daemon (protocol v1) is what listens on this socket");
        assertThat(outcome.elapsedMillis()).isLessThan(5000L);
    }

    @Test
    void aDifferentFirstMessageIsGarbageToo() throws Exception {
        daemon(conn -> conn.send(Messages.ready("5", 0)));

        GateOutcome outcome = Gate.await(options(10_000, null), err);

        assertThat(outcome.exitCode()).isEqualTo(69);
        assertThat(outcome.reason()).contains(": expected WELCOME first, got READY;");
    }

    @Test
    void unsupportedVersionErrorGivesSixtyNine() throws Exception {
        daemon(conn -> {
            conn.send(Messages.error(ErrorCodes.UNSUPPORTED_VERSION, "protocol version 1 is not supported"));
            conn.close();
        });

        GateOutcome outcome = Gate.await(options(10_000, null), err);

        assertThat(outcome.exitCode()).isEqualTo(69);
        assertThat(outcome.reason())
                .isEqualTo(
                        "the daemon at " + socket() + " rejected this client: UNSUPPORTED_VERSION:"
                                + " protocol version 1 is not supported; action: use an agent and daemon of the same schemagate release");
    }

    @Test
    void forbiddenGivesSeventySevenAtOnceWithTheDaemonsReason() throws Exception {
        FakeDaemon d = daemon(conn -> {
            // The daemon refuses before any HELLO: the ERROR is the first line.
            conn.send(Messages.error(ErrorCodes.FORBIDDEN, "uid 65534 is not allowed; add it to allowUsers"));
            conn.close();
        });

        GateOutcome outcome = Gate.await(options(10_000, null), err);

        assertThat(outcome.exitCode()).isEqualTo(77);
        assertThat(outcome.elapsedMillis()).isLessThan(5_000);
        assertThat(outcome.reason())
                .isEqualTo("the daemon at " + socket()
                        + " refused this client: uid 65534 is not allowed; add it to allowUsers");
        assertThat(d.connections()).isEqualTo(1);
    }

    @Test
    void tooManyConnectionsIsRetried() throws Exception {
        FakeDaemon d = daemon(conn -> {
            if (conn.index() == 0) {
                conn.send(Messages.error(ErrorCodes.TOO_MANY_CONNECTIONS, "limit 2 reached"));
                conn.close();
            } else {
                conn.send(Messages.welcome(1, "0.1.0"));
                conn.send(Messages.ready("5", 0));
            }
        });

        GateOutcome outcome = Gate.await(options(5000, null), err);

        assertThat(outcome.exitCode()).isEqualTo(0);
        assertThat(d.connections()).isEqualTo(2);
    }

    @Test
    void helloTimeoutIsRetriedNotAFailure() throws Exception {
        // PROTOCOL.md: HELLO_TIMEOUT means "reconnect and send HELLO at once". A real daemon sends it without WELCOME.
        FakeDaemon d = daemon(conn -> {
            if (conn.index() == 0) {
                conn.send(Messages.error(ErrorCodes.HELLO_TIMEOUT, "no HELLO within 5s"));
                conn.close();
            } else {
                conn.send(Messages.welcome(1, "0.1.0"));
                conn.send(Messages.ready("5", 0));
            }
        });

        GateOutcome outcome = Gate.await(options(5000, null), err);

        assertThat(outcome.exitCode()).isEqualTo(0);
        assertThat(outcome.version()).isEqualTo("5");
        assertThat(d.connections()).isEqualTo(2);
        assertThat(d.hellos()).hasSize(2);
    }

    @Test
    void helloTimeoutUntilTheDeadlineEndsInTempFail() throws Exception {
        daemon(conn -> {
            conn.send(Messages.error(ErrorCodes.HELLO_TIMEOUT, "no HELLO within 5s"));
            conn.close();
        });

        GateOutcome outcome = Gate.await(options(700, null), err);

        // The daemon answered, so this is a deadline passed while waiting (75), not an unreachable daemon (69).
        assertThat(outcome.exitCode()).isEqualTo(75);
        assertThat(outcome.reason())
                .isEqualTo("schema not ready after 700ms: the daemon closed the connection before it read HELLO"
                        + " (HELLO_TIMEOUT: no HELLO within 5s); reconnecting; action: check the daemon's log"
                        + " (journalctl -u schemagate) or raise timeout=");
    }

    @Test
    void tooManyConnectionsUntilTheDeadlineEndsInTempFailAsDocumented() throws Exception {
        daemon(conn -> {
            conn.send(Messages.error(ErrorCodes.TOO_MANY_CONNECTIONS, "limit 2 reached"));
            conn.close();
        });

        GateOutcome outcome = Gate.await(options(700, null), err);

        assertThat(outcome.exitCode()).isEqualTo(75);
        assertThat(outcome.reason())
                .startsWith("schema not ready after 700ms: daemon refused the connection"
                        + " (TOO_MANY_CONNECTIONS: limit 2 reached); retrying");
    }

    @Test
    void readyBelowRequiresIsAProtocolErrorNotARelease() throws Exception {
        FakeDaemon d = daemon(FakeDaemon.ready("4"));

        GateOutcome outcome = Gate.await(options(5000, "5"), err);

        assertThat(outcome.exitCode()).isEqualTo(69);
        assertThat(outcome.isReady()).isFalse();
        assertThat(outcome.version()).isNull();
        assertThat(outcome.reason())
                .isEqualTo("the daemon at " + socket() + " said READY version=4, below this client's requires=5:"
                        + " a daemon of another schemagate release, or a daemon bug; the application was not started"
                        + " on the old schema; action: use an agent and daemon of the same release and check the"
                        + " daemon's log (journalctl -u schemagate)");
        assertThat(d.connections()).isEqualTo(1);
    }

    @Test
    void readyIsComparedNumericallyWithRequires() throws Exception {
        daemon(FakeDaemon.ready("5.10"));

        GateOutcome outcome = Gate.await(options(5000, "5.9"), err);

        assertThat(outcome.exitCode()).isEqualTo(0);
        assertThat(outcome.version()).isEqualTo("5.10");
    }

    @Test
    void readyAtExactlyRequiresWithOtherSpellingReleases() throws Exception {
        daemon(FakeDaemon.ready("5.0"));

        GateOutcome outcome = Gate.await(options(5000, "005_0_0"), err);

        assertThat(outcome.exitCode()).isEqualTo(0);
    }

    @Test
    void readyWithAVersionThatIsNotOneIsAProtocolErrorWhenRequiresIsSet() throws Exception {
        daemon(FakeDaemon.ready("5-beta"));

        GateOutcome outcome = Gate.await(options(5000, "5"), err);

        assertThat(outcome.exitCode()).isEqualTo(69);
        assertThat(outcome.reason())
                .isEqualTo("unexpected reply from " + socket() + ": READY version=5-beta is not a schema version"
                        + " (expected numbers separated by '.' or '_', such as 2, 10.1 or 1_2_3); action: check"
                        + " that the schemagate daemon (protocol v1) is what listens on this socket");
    }

    @Test
    void optionsRejectNonsense() {
        assertThatThrownBy(() -> new GateOptions(null, 1, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GateOptions(socket(), 0, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new GateOptions(socket(), 1, null, null, null).label()).isEqualTo("schemagate");
    }

    @Test
    void watchdogThreadIsGoneAfterTheWait() throws Exception {
        daemon(FakeDaemon.ready("1"));

        Gate.await(options(5000, null), err);

        await().atMost(Duration.ofSeconds(2))
                .until(() -> Thread.getAllStackTraces().keySet().stream()
                        .noneMatch(t -> t.getName().equals("schemagate-gate-watchdog")));
        assertThat(Files.exists(socket())).isTrue();
    }
}
