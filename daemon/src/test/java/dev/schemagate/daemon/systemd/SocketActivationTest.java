package dev.schemagate.daemon.systemd;

import static dev.schemagate.daemon.testing.Sqlite.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.schemagate.daemon.SchemagateException;
import dev.schemagate.daemon.lock.LockSettings;
import dev.schemagate.daemon.migrate.MigrateSettings;
import dev.schemagate.daemon.server.Coordinator;
import dev.schemagate.daemon.server.DaemonServer;
import dev.schemagate.daemon.server.ServerSettings;
import dev.schemagate.daemon.server.SessionObserver;
import dev.schemagate.daemon.testing.RawClient;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.LinuxSocket;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.FileDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Socket activation: the environment check, the /proc parsing, and the server on an inherited listening fd. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SocketActivationTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @BeforeAll
    static void loadNetty() {
        Epoll.ensureAvailability(); // loads the native library that LinuxSocket calls into
    }

    @Test
    void activatedOnlyWhenListenPidIsThisProcessAndAtLeastOneFdWasPassed() {
        assertThat(SocketActivation.listenFd(Map.of("LISTEN_PID", "42", "LISTEN_FDS", "1"), 42))
                .isEqualTo(OptionalInt.of(3));
        assertThat(SocketActivation.listenFd(Map.of("LISTEN_PID", "42", "LISTEN_FDS", "2"), 42))
                .isEqualTo(OptionalInt.of(3));
        assertThat(SocketActivation.listenFd(Map.of("LISTEN_PID", "41", "LISTEN_FDS", "1"), 42))
                .isEmpty();
        assertThat(SocketActivation.listenFd(Map.of("LISTEN_PID", "42", "LISTEN_FDS", "0"), 42))
                .isEmpty();
        assertThat(SocketActivation.listenFd(Map.of("LISTEN_FDS", "1"), 42)).isEmpty();
        assertThat(SocketActivation.listenFd(Map.of(), 42)).isEmpty();
        assertThatThrownBy(() -> SocketActivation.listenFd(Map.of("LISTEN_PID", "42", "LISTEN_FDS", "x"), 42))
                .isInstanceOf(SchemagateException.class)
                .hasMessageContaining("LISTEN_FDS='x'");
    }

    @Test
    void readsTheFlagsAndTheListeningPathFromProc() {
        assertThat(NonBlocking.flags("pos:\t0\nflags:\t02004002\nmnt_id:\t8\n") & NonBlocking.O_NONBLOCK)
                .isEqualTo(NonBlocking.O_NONBLOCK);
        assertThat(NonBlocking.flags("pos:\t0\nflags:\t02000002\n") & NonBlocking.O_NONBLOCK)
                .isZero();
        List<String> table = List.of(
                "Num       RefCount Protocol Flags    Type St Inode Path",
                "0000000000000000: 00000002 00000000 00010000 0001 01 1001 /run/schemagate/schemagate.sock",
                "0000000000000000: 00000002 00000000 00000000 0001 01 1002 /run/other.sock",
                "0000000000000000: 00000002 00000000 00000000 0002 01 1003 /run/systemd/notify",
                "0000000000000000: 00000003 00000000 00000000 0001 03 1004");
        assertThat(UnixSockets.listeningPath(table, "1001")).isEqualTo("/run/schemagate/schemagate.sock");
        assertThat(UnixSockets.listeningPath(table, "1002")).isNull();
        assertThat(UnixSockets.listeningPath(table, "1003")).isNull();
        assertThat(UnixSockets.listeningPath(table, "1004")).isNull();
        assertThat(UnixSockets.listeningPath(table, "9999")).isNull();
    }

    @Test
    void servesOnAnInheritedBlockingSocketAndLeavesTheSocketFileToItsOwner() throws Exception {
        Path socket = dir.resolve("sg.sock");
        LinuxSocket listening = LinuxSocket.newSocketDomain();
        listening.bind(new DomainSocketAddress(socket.toString()));
        listening.listen(128);
        int fd = listening.intValue();
        setBlocking(fd); // as systemd passes it without NonBlocking=yes
        assertThat(NonBlocking.isNonBlocking(fd)).isFalse();
        write(dir.resolve("migrations"), "V1__a.sql", "CREATE TABLE a(x);");
        ServerSettings settings = new ServerSettings(socket, 100, Duration.ofSeconds(5));
        try (Coordinator coordinator = new Coordinator(
                new MigrateSettings(dir.resolve("app.db"), dir.resolve("migrations"), LockSettings.DEFAULTS, false))) {
            DaemonServer server = DaemonServer.start(settings, coordinator, SessionObserver.NONE, OptionalInt.of(fd));
            try {
                assertThat(NonBlocking.isNonBlocking(fd)).isTrue();
                coordinator.runMigrations();
                // A burst of clients, all connected before the first is served, each served in full.
                List<RawClient> burst = new java.util.ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    burst.add(RawClient.connect(socket));
                }
                for (int i = 0; i < burst.size(); i++) {
                    String app = "app" + i;
                    try (RawClient client = burst.get(i)) {
                        client.send("HELLO v=1 app=" + app + " pid=1\n");
                        assertThat(client.readLine(WAIT)).isEqualTo("WELCOME v=1 daemon=development");
                        String line;
                        do {
                            line = client.readLine(WAIT);
                        } while (line != null && line.startsWith("STATE "));
                        assertThat(line).isEqualTo("READY version=1 applied=1");
                    }
                }
                // The instance lock is still taken, so a second daemon cannot unlink the live socket.
                assertThatThrownBy(() ->
                                DaemonServer.start(settings, coordinator, SessionObserver.NONE, OptionalInt.empty()))
                        .isInstanceOf(SchemagateException.class)
                        .hasMessageContaining("another daemon");
                assertThat(Files.exists(socket)).isTrue();
            } finally {
                long closing = System.nanoTime();
                server.close();
                // close() waits up to 5 s for the event loops; a loop parked in accept() would use all of it.
                assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(3));
            }
        }
        assertThat(Files.exists(socket))
                .as("systemd owns the socket file; closing must leave it")
                .isTrue();
    }

    @Test
    void refusesAnFdThatIsNotAListeningUnixSocket() throws Exception {
        LinuxSocket unbound = LinuxSocket.newSocketDomain();
        try {
            assertThatThrownBy(() -> SocketActivation.channel(unbound.intValue(), dir.resolve("sg.sock")))
                    .isInstanceOf(SchemagateException.class)
                    .hasMessageContaining("not a listening Unix stream socket")
                    .hasMessageContaining("ListenStream=");
        } finally {
            unbound.close();
        }
    }

    /** Surefire exports sun.nio.ch to the tests, as the jar's manifest does for the daemon. */
    static void setBlocking(int fd) throws Exception {
        Class<?> ioUtil = Class.forName("sun.nio.ch.IOUtil");
        FileDescriptor descriptor =
                (FileDescriptor) ioUtil.getMethod("newFD", int.class).invoke(null, fd);
        ioUtil.getMethod("configureBlocking", FileDescriptor.class, boolean.class)
                .invoke(null, descriptor, true);
    }
}
