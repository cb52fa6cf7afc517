package dev.schemagate.daemon.systemd;

import static dev.schemagate.daemon.testing.Sqlite.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.schemagate.daemon.lock.LockSettings;
import dev.schemagate.daemon.migrate.MigrateSettings;
import dev.schemagate.daemon.server.Coordinator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SdNotify against a real Unix datagram socket standing in for systemd, with a real coordinator and SQLite file. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SdNotifyTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final Duration WINDOW = Duration.ofSeconds(300);
    static final String EXTEND = "EXTEND_TIMEOUT_USEC=300000000\n";

    @TempDir
    Path dir;

    final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    String notifySocket(String kind) {
        return kind.equals("path") ? dir.resolve("notify").toString() : "@schemagate-test-" + UUID.randomUUID();
    }

    NotifyReceiver receiver(String notifySocket) throws InterruptedException {
        NotifyReceiver receiver = new NotifyReceiver(notifySocket);
        closing.add(receiver);
        return receiver;
    }

    SdNotify notifier(String notifySocket, Duration watchdog) throws InterruptedException {
        SdNotify notify = new SdNotify(notifySocket, watchdog, WINDOW, () -> 4242L);
        notify.start();
        closing.add(notify);
        return notify;
    }

    Coordinator coordinator(SdNotify notify) {
        Coordinator coordinator = new Coordinator(new MigrateSettings(
                dir.resolve("app.db"),
                dir.resolve("migrations"),
                new LockSettings(Duration.ofMillis(50), 3, Duration.ofMillis(10), Duration.ofSeconds(10)),
                false));
        closing.add(coordinator);
        coordinator.subscribe(notify);
        return coordinator;
    }

    @ParameterizedTest
    @ValueSource(strings = {"path", "abstract"})
    void aRunThatEndsReadySendsProgressThenReadyAndAReloadGoesRoundAgainThenStopping(String kind) throws Exception {
        write(dir.resolve("migrations"), "V1__a.sql", "CREATE TABLE a(x);");
        write(dir.resolve("migrations"), "V2__b.sql", "CREATE TABLE b(x);");
        String address = notifySocket(kind);
        NotifyReceiver systemd = receiver(address);
        SdNotify notify = notifier(address, null);
        Coordinator coordinator = coordinator(notify);

        coordinator.runMigrations();
        assertThat(systemd.next(WAIT)).isEqualTo(EXTEND + "STATUS=LOCKING: taking the database write lock");
        assertThat(systemd.next(WAIT)).isEqualTo(EXTEND + "STATUS=MIGRATING: step 1 of 2: V1__a.sql");
        assertThat(systemd.next(WAIT)).isEqualTo(EXTEND + "STATUS=MIGRATING: step 2 of 2: V2__b.sql");
        assertThat(systemd.next(WAIT)).isEqualTo("READY=1\nSTATUS=READY: schema version 2, 2 migrations applied");

        write(dir.resolve("migrations"), "V3__c.sql", "CREATE TABLE c(x);");
        coordinator.runMigrations(); // what SIGHUP does
        assertThat(systemd.next(WAIT))
                .isEqualTo("RELOADING=1\nMONOTONIC_USEC=4242\n" + EXTEND
                        + "STATUS=LOCKING: taking the database write lock");
        assertThat(systemd.next(WAIT)).isEqualTo(EXTEND + "STATUS=MIGRATING: step 1 of 1: V3__c.sql");
        assertThat(systemd.next(WAIT)).isEqualTo("READY=1\nSTATUS=READY: schema version 3, 1 migrations applied");

        coordinator.runMigrations();
        assertThat(systemd.next(WAIT)).startsWith("RELOADING=1\n");
        assertThat(systemd.next(WAIT)).isEqualTo("READY=1\nSTATUS=READY: schema version 3, up to date");

        notify.stop();
        assertThat(systemd.next(WAIT)).isEqualTo("STOPPING=1");
        notify.stop();
        assertThat(systemd.next(Duration.ofMillis(300))).isNull();
    }

    @Test
    void whileTheLockIsHeldTheStatusNamesItsHolder() throws Exception {
        write(dir.resolve("migrations"), "V1__a.sql", "CREATE TABLE a(x);");
        dev.schemagate.daemon.testing.Sqlite.exec(dir.resolve("app.db"), "PRAGMA user_version = 1");
        String address = notifySocket("path");
        NotifyReceiver systemd = receiver(address);
        try (var holder = dev.schemagate.daemon.testing.LockHoldingShell.hold(dir.resolve("app.db"))) {
            coordinator(notifier(address, null)).runMigrations();
            String datagram;
            do {
                datagram = systemd.next(WAIT);
                assertThat(datagram)
                        .as("a LOCKING status with an attempt")
                        .isNotNull()
                        .doesNotContain("READY=1");
            } while (!datagram.contains("attempt "));
            assertThat(datagram)
                    .contains(", held by pid " + holder.pid() + " (")
                    .contains("sqlite3");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"path", "abstract"})
    void aRunThatEndsFailedIsStillReadyWithTheReasonInStatus(String kind) throws Exception {
        write(dir.resolve("migrations"), "V1__a.sql", "CREATE TABLE a(x);");
        write(dir.resolve("migrations"), "V2__bad.sql", "CREATE TABLE b(x);\nINSERT INTO nope VALUES (1);");
        String address = notifySocket(kind);
        NotifyReceiver systemd = receiver(address);
        Coordinator coordinator = coordinator(notifier(address, null));

        coordinator.runMigrations();
        assertThat(systemd.next(WAIT)).isEqualTo(EXTEND + "STATUS=LOCKING: taking the database write lock");
        assertThat(systemd.next(WAIT)).isEqualTo(EXTEND + "STATUS=MIGRATING: step 1 of 2: V1__a.sql");
        assertThat(systemd.next(WAIT)).isEqualTo(EXTEND + "STATUS=MIGRATING: step 2 of 2: V2__bad.sql");
        assertThat(systemd.next(WAIT))
                .isEqualTo("READY=1\nSTATUS=FAILED (MIGRATION_FAILED): migration V2__bad.sql"
                        + " failed at line 2: no such table: nope (SQLITE_ERROR) statement: INSERT INTO nope VALUES (1) The"
                        + " whole batch of 2 migrations was rolled back; the database is as it was (schema version none)."
                        + " Action: fix V2__bad.sql (line 2) and run schemagate again (or reload the daemon).");
    }

    @Test
    void pingsTheWatchdogAtTheIntervalGivenAndStopsPingingWhenStopped() throws Exception {
        String address = notifySocket("path");
        NotifyReceiver systemd = receiver(address);
        SdNotify notify = SdNotify.create(
                Map.of("NOTIFY_SOCKET", address, "WATCHDOG_USEC", "200000", "WATCHDOG_PID", "77"), 77, WINDOW);
        assertThat(notify.watchdogInterval()).isEqualTo(Duration.ofMillis(100));
        closing.add(notify);
        long started = System.nanoTime();
        notify.start();
        for (int i = 0; i < 5; i++) {
            assertThat(systemd.next(WAIT)).isEqualTo("WATCHDOG=1");
        }
        // Five pings 100 ms apart, the first after 100 ms: not sooner than 500 ms (a little scheduling slack).
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(450));
        notify.stop();
        String last;
        do {
            last = systemd.next(WAIT);
        } while ("WATCHDOG=1".equals(last));
        assertThat(last).isEqualTo("STOPPING=1");
        assertThat(systemd.next(Duration.ofMillis(400))).isNull();
    }

    @Test
    void theWatchdogIsForAnotherProcessWhenWatchdogPidDiffers() {
        assertThat(Watchdog.interval(Map.of("WATCHDOG_USEC", "200000", "WATCHDOG_PID", "78"), 77))
                .isNull();
        assertThat(Watchdog.interval(Map.of("WATCHDOG_USEC", "200000"), 77)).isEqualTo(Duration.ofMillis(100));
        assertThat(Watchdog.interval(Map.of("WATCHDOG_USEC", "0"), 77)).isNull();
        assertThat(Watchdog.interval(Map.of("WATCHDOG_USEC", "soon"), 77)).isNull();
        assertThat(Watchdog.interval(Map.of(), 77)).isNull();
    }

    @Test
    void withoutNotifySocketEverythingIsANoOp() throws Exception {
        SdNotify notify = SdNotify.create(Map.of("WATCHDOG_USEC", "200000"), 1, WINDOW);
        assertThat(notify.enabled()).isFalse();
        notify.start();
        Coordinator coordinator = coordinator(notify);
        write(dir.resolve("migrations"), "V1__a.sql", "CREATE TABLE a(x);");
        coordinator.runMigrations();
        notify.stop();
        assertThat(SdNotify.create(Map.of("NOTIFY_SOCKET", ""), 1, WINDOW).enabled())
                .isFalse();
    }

    @Test
    void theAbstractNameIsBoundWithoutPaddingSoSystemdsOwnNameMatches() throws Exception {
        String name = "schemagate-test-" + UUID.randomUUID();
        receiver("@" + name);
        // /proc/net/unix shows abstract names with '@'; a padded name would show trailing '@'s (NUL bytes).
        assertThat(Files.readAllLines(Path.of("/proc/net/unix"))).anyMatch(line -> line.endsWith(" @" + name));
    }

    @Test
    void relativeOrVsockAddressesAreRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> NotifySocket.address("vsock:2:1234"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vsock");
        assertThat(NotifySocket.address("@x").path()).isEqualTo("\0x");
        assertThat(NotifySocket.address("/run/systemd/notify").path()).isEqualTo("/run/systemd/notify");
    }
}
