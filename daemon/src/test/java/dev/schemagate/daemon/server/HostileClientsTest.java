package dev.schemagate.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.schemagate.agent.Gate;
import dev.schemagate.agent.GateOptions;
import dev.schemagate.agent.GateOutcome;
import dev.schemagate.daemon.lock.LockSettings;
import dev.schemagate.daemon.migrate.MigrateSettings;
import dev.schemagate.daemon.migrate.MigrationResult;
import dev.schemagate.daemon.testing.LockHoldingShell;
import dev.schemagate.daemon.testing.Sqlite;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile clients against the real daemon on a real socket, each attack with a well-behaved agent (the agent's own
 * client code) waiting through it.
 *
 * <p>The daemon is held in LOCKING by a sqlite3 shell holding the write lock; the lock is released while the attack
 * is still going on, and the agent must be released within {@link #RELEASE_BOUND} of the commit. Afterwards the daemon's
 * memory must be back near where it was ({@link #HEAP_GROWTH_BOUND} after GC) and no connection may leak.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HostileClientsTest {
    /**
     * From the commit (the coordinator's READY) to the attacked agent's READY, on a 2-core machine shared with other
     * builds; unattacked it takes milliseconds.
     */
    static final Duration RELEASE_BOUND = Duration.ofSeconds(2);

    static final long HEAP_GROWTH_BOUND = 16L << 20;
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    Daemon daemon;
    LockHoldingShell holder;
    final Counting observer = new Counting();
    final ExecutorService pool = Executors.newCachedThreadPool();
    long heapBefore;
    final AtomicLong readyAt = new AtomicLong();
    final AtomicLong agentDoneAt = new AtomicLong();
    /** Attack steps done so far, and how many were done when the good agent got its answer. */
    final AtomicInteger attackProgress = new AtomicInteger();

    final AtomicInteger progressAtAgentDone = new AtomicInteger(-1);

    /** Counts what the server reports, as the metrics would. */
    static final class Counting implements SessionObserver {
        final AtomicInteger connected = new AtomicInteger();
        final AtomicInteger waiting = new AtomicInteger();
        final Map<String, AtomicInteger> rejected = new ConcurrentHashMap<>();

        @Override
        public void connectedChanged(int delta) {
            connected.addAndGet(delta);
        }

        @Override
        public void waitingChanged(int delta) {
            waiting.addAndGet(delta);
        }

        @Override
        public void rejected(String code) {
            rejected.computeIfAbsent(code, c -> new AtomicInteger()).incrementAndGet();
        }

        int rejectedCount(String code) {
            AtomicInteger n = rejected.get(code);
            return n == null ? 0 : n.get();
        }
    }

    @BeforeEach
    void lockedDaemon() throws Exception {
        Sqlite.write(dir.resolve("migrations"), "V1__a.sql", "CREATE TABLE a(x);");
        Sqlite.exec(dir.resolve("app.db"), "PRAGMA user_version = 1");
        heapBefore = heapAfterGc();
        holder = LockHoldingShell.hold(dir.resolve("app.db"));
    }

    void start(int maxConnections, Duration helloTimeout) {
        daemon = Daemon.start(
                new MigrateSettings(
                        dir.resolve("app.db"),
                        dir.resolve("migrations"),
                        // One attempt that busy-waits inside SQLite (which polls every 100 ms at most): the commit
                        // follows the lock's release at once, while the attack is still going on.
                        new LockSettings(Duration.ofSeconds(90), 0, Duration.ofMillis(20), Duration.ofSeconds(120)),
                        false),
                new ServerSettings(socket(), maxConnections, helloTimeout),
                observer,
                new RunObserver() {
                    @Override
                    public void finished(MigrationResult result) {
                        // Called right after the commit, before any agent is told.
                        readyAt.compareAndSet(0, System.nanoTime());
                    }
                });
        await().atMost(WAIT).until(() -> daemon.coordinator().state().phase() == Phase.LOCKING);
    }

    @AfterEach
    void stop() throws Exception {
        pool.shutdownNow();
        if (holder != null) {
            holder.close();
        }
        if (daemon != null) {
            daemon.close();
        }
    }

    Path socket() {
        return dir.resolve("run").resolve("sg.sock");
    }

    /** The well-behaved agent: the agent's client code, waiting up to a minute. */
    CompletableFuture<GateOutcome> goodAgent() {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        return CompletableFuture.supplyAsync(
                () -> {
                    GateOutcome outcome = Gate.await(new GateOptions(socket(), 60_000, null, "good", "good"), quiet);
                    agentDoneAt.set(System.nanoTime());
                    progressAtAgentDone.set(attackProgress.get());
                    return outcome;
                },
                pool);
    }

    /**
     * Releases the lock now and asserts the good agent is READY within the bound of the commit; returns how long
     * that took. (Measured from the commit, not from the release: the daemon's lock retries back off exponentially
     * while the lock is held, which is the lock's business, not the attack's.)
     */
    Duration releaseAndExpectReady(CompletableFuture<GateOutcome> agent) throws Exception {
        holder.release();
        GateOutcome outcome = agent.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(readyAt.get()).as("the daemon reached READY").isNotZero();
        Duration took = Duration.ofNanos(agentDoneAt.get() - readyAt.get());
        assertThat(took).as("the agent cannot be READY before the commit").isPositive();
        assertThat(outcome.exitCode()).as(outcome.toString()).isZero();
        assertThat(took).isLessThan(RELEASE_BOUND);
        return took;
    }

    /** The good agent has said HELLO and waits (so the attack runs while it is connected). */
    void awaitWaiting(int agents) {
        await().atMost(WAIT).until(() -> observer.waiting.get() >= agents);
    }

    void assertMemoryBackAndNoLeak(String attack, Duration releaseTook) {
        await().atMost(WAIT).until(() -> observer.connected.get() == 0);
        long heap = heapAfterGc();
        long direct = ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT)
                .metric()
                .usedDirectMemory();
        System.out.printf(
                "hostile[%s]: agent READY %d ms after the commit; heap after GC %d KiB (before %d KiB);"
                        + " Netty direct memory %d KiB%n",
                attack, releaseTook.toMillis(), heap >> 10, heapBefore >> 10, direct >> 10);
        assertThat(heap - heapBefore).as("heap growth after GC").isLessThan(HEAP_GROWTH_BOUND);
    }

    static long heapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    static SocketChannel connect(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        return ch;
    }

    /** Reads what the daemon sends until it closes; the text, or what was read when the deadline passed. */
    static String readUntilClosed(SocketChannel ch, Duration deadline) throws IOException {
        ch.configureBlocking(false);
        ByteBuffer buf = ByteBuffer.allocate(8192);
        StringBuilder text = new StringBuilder();
        long end = System.nanoTime() + deadline.toNanos();
        try (var selector = java.nio.channels.Selector.open()) {
            ch.register(selector, java.nio.channels.SelectionKey.OP_READ);
            while (System.nanoTime() < end) {
                selector.select(Math.max(1, (end - System.nanoTime()) / 1_000_000));
                selector.selectedKeys().clear();
                buf.clear();
                int n;
                try {
                    n = ch.read(buf);
                } catch (IOException e) {
                    return text.toString(); // reset by the daemon: closed
                }
                if (n < 0) {
                    return text.toString();
                }
                text.append(new String(buf.array(), 0, n, StandardCharsets.UTF_8));
            }
        }
        throw new AssertionError("the daemon did not close within " + deadline + "; read: " + text);
    }

    @Test
    void tenThousandConnectionsOverTheCapInABurst() throws Exception {
        int cap = 64;
        start(cap, Duration.ofSeconds(60));
        CompletableFuture<GateOutcome> agent = goodAgent();
        awaitWaiting(1);
        List<SocketChannel> filling = new ArrayList<>();
        for (int i = 1; i < cap; i++) {
            filling.add(connect(socket())); // silent, within the HELLO deadline: the cap is full
        }
        await().atMost(WAIT).until(() -> observer.connected.get() == cap);

        int burst = 10_000;
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger done = attackProgress;
        List<String> odd = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Future<?>> attackers = new ArrayList<>();
        long startNanos = System.nanoTime();
        for (int t = 0; t < 4; t++) {
            attackers.add(pool.submit(() -> {
                while (done.get() < burst) {
                    if (done.incrementAndGet() > burst) {
                        return null;
                    }
                    try (SocketChannel ch = connect(socket())) {
                        // Not HELLO: one that slips in when the released agent frees its slot is closed at once.
                        try {
                            ch.write(ByteBuffer.wrap("PING\n".getBytes(StandardCharsets.US_ASCII)));
                        } catch (IOException e) {
                            // refused and closed before the write: the ERROR line is still there to read
                        }
                        String answer = readUntilClosed(ch, WAIT);
                        if (answer.startsWith("ERROR code=TOO_MANY_CONNECTIONS ")) {
                            refused.incrementAndGet();
                        } else if (answer.startsWith("ERROR code=BAD_MESSAGE ")) {
                            admitted.incrementAndGet();
                        } else {
                            odd.add(answer);
                        }
                    } catch (IOException e) {
                        odd.add(e.toString());
                    }
                }
                return null;
            }));
        }
        await().atMost(WAIT).until(() -> done.get() >= burst / 5);
        int doneAtRelease = done.get();
        int admittedBeforeRelease = admitted.get();
        Duration took = releaseAndExpectReady(agent);
        for (Future<?> a : attackers) {
            a.get(120, TimeUnit.SECONDS);
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf(
                "hostile[burst]: %d connections over a cap of %d in %.1f s (%.0f/s); lock released after %d, agent"
                        + " READY after %d%n",
                burst, cap, seconds, burst / seconds, doneAtRelease, progressAtAgentDone.get());
        assertThat(progressAtAgentDone.get())
                .as("agent READY while the burst went on")
                .isLessThan(burst);
        assertThat(odd).isEmpty();
        // The cap held while it was full; once the released agent freed its slot, some got in (and were closed).
        assertThat(admittedBeforeRelease).isZero();
        assertThat(refused.get() + admitted.get()).isEqualTo(burst);
        assertThat(observer.rejectedCount(dev.schemagate.protocol.ErrorCodes.TOO_MANY_CONNECTIONS))
                .isEqualTo(refused.get());
        for (SocketChannel ch : filling) {
            ch.close();
        }
        assertMemoryBackAndNoLeak("burst", took);
    }

    @Test
    void slowlorisHellosTrickledAByteAtATimeAreCutOffAtTheAbsoluteDeadline() throws Exception {
        Duration hello = Duration.ofSeconds(1);
        start(1000, hello);
        CompletableFuture<GateOutcome> agent = goodAgent();
        awaitWaiting(1);
        byte[] line = "HELLO v=1 app=slowloris-with-a-long-name\n".getBytes(StandardCharsets.US_ASCII);
        int clients = 100;
        List<SocketChannel> slow = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            SocketChannel ch = connect(socket());
            ch.configureBlocking(false);
            slow.add(ch);
        }
        long connected = System.nanoTime();
        // One byte per client every 100 ms: the line would take 4.2 s, and the daemon sees a byte far more often
        // than any idle timeout would allow. Only an absolute deadline cuts these off.
        Map<SocketChannel, Long> closedAfter = new ConcurrentHashMap<>();
        Future<?> trickle = pool.submit(() -> {
            for (int b = 0; b < line.length && closedAfter.size() < clients; b++) {
                for (SocketChannel ch : slow) {
                    if (closedAfter.containsKey(ch)) {
                        continue;
                    }
                    try {
                        ch.write(ByteBuffer.wrap(line, b, 1));
                    } catch (IOException e) {
                        closedAfter.put(ch, System.nanoTime() - connected);
                    }
                }
                Thread.sleep(100);
            }
            return null;
        });
        await().atMost(WAIT).until(() -> observer.rejectedCount(dev.schemagate.protocol.ErrorCodes.HELLO_TIMEOUT) >= 1);
        Duration took = releaseAndExpectReady(agent);
        for (SocketChannel ch : slow) {
            String answer = readUntilClosed(ch, WAIT);
            closedAfter.putIfAbsent(ch, System.nanoTime() - connected);
            assertThat(answer).startsWith("ERROR code=HELLO_TIMEOUT message=\"no HELLO within 1000 ms");
            ch.close();
        }
        trickle.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(observer.rejectedCount(dev.schemagate.protocol.ErrorCodes.HELLO_TIMEOUT))
                .isEqualTo(clients);
        long worst =
                closedAfter.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        System.out.printf(
                "hostile[slowloris]: %d clients trickling a byte per 100 ms, all cut off; the last %d ms after"
                        + " connecting (deadline %d ms)%n",
                clients, worst / 1_000_000, hello.toMillis());
        // Far sooner than the 4.2 s the line takes: the deadline counted from the connect, not from the last byte.
        assertThat(Duration.ofNanos(worst)).isLessThan(Duration.ofMillis(3000));
        assertMemoryBackAndNoLeak("slowloris", took);
    }

    @Test
    void clientsThatNeverReadWhileTheDaemonPushesStatesAndAnswersPingsAreNotBufferedFor() throws Exception {
        start(1000, Duration.ofSeconds(5));
        CompletableFuture<GateOutcome> agent = goodAgent();
        awaitWaiting(1);
        int clients = 50;
        byte[] pings = "PING id=0123456789abcdef\n".repeat(4096).getBytes(StandardCharsets.US_ASCII); // 100 KiB
        long perClient = 8L << 20; // each tries to make the daemon answer 8 MiB of PINGs it never reads
        AtomicLong sent = new AtomicLong();
        AtomicInteger cutOff = new AtomicInteger();
        AtomicLong peakDirect = new AtomicLong();
        List<Future<?>> flooders = new ArrayList<>();
        List<SocketChannel> silentReaders = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            SocketChannel quiet = connect(socket()); // HELLO, then never reads: gets every STATE push
            quiet.write(ByteBuffer.wrap("HELLO v=1 app=never-reads\n".getBytes(StandardCharsets.US_ASCII)));
            silentReaders.add(quiet);
        }
        for (int i = 0; i < clients; i++) {
            flooders.add(pool.submit(() -> {
                try (SocketChannel ch = connect(socket())) {
                    ch.write(ByteBuffer.wrap("HELLO v=1 app=pinger\n".getBytes(StandardCharsets.US_ASCII)));
                    ch.configureBlocking(false);
                    long written = 0;
                    long stalledSince = 0;
                    while (written < perClient) {
                        int n;
                        try {
                            n = ch.write(ByteBuffer.wrap(pings));
                        } catch (IOException e) {
                            cutOff.incrementAndGet(); // the daemon closed it
                            break;
                        }
                        written += n;
                        if (n == 0) {
                            // The daemon stopped taking PINGs; a client that never reads gets no further.
                            if (stalledSince == 0) {
                                stalledSince = System.nanoTime();
                            } else if (System.nanoTime() - stalledSince > 3_000_000_000L) {
                                break;
                            }
                            Thread.sleep(5);
                        } else {
                            stalledSince = 0;
                        }
                    }
                    sent.addAndGet(written);
                }
                return null;
            }));
        }
        Future<?> sampler = pool.submit(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peakDirect.accumulateAndGet(
                        ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT)
                                .metric()
                                .usedDirectMemory(),
                        Math::max);
                Thread.sleep(20);
            }
            return null;
        });
        // Reloads while they flood: every reload pushes STARTING/LOCKING lines to all waiting clients.
        for (int i = 0; i < 20; i++) {
            daemon.coordinator().runMigrations();
            Thread.sleep(50);
        }
        Duration took = releaseAndExpectReady(agent);
        for (Future<?> f : flooders) {
            f.get(120, TimeUnit.SECONDS);
        }
        sampler.cancel(true);
        System.out.printf(
                "hostile[never-read]: %d PING flooders sent %d KiB in all (%d cut off by the daemon), %d silent"
                        + " readers; peak Netty direct memory %d KiB%n",
                clients, sent.get() >> 10, cutOff.get(), clients, peakDirect.get() >> 10);
        // Unbounded, the daemon would hold the PONGs of everything the flooders sent (tens of MiB).
        assertThat(peakDirect.get()).as("peak Netty direct memory").isLessThan(32L << 20);
        assertThat(sent.get()).as("PING bytes the daemon took").isLessThan(clients * perClient / 4);
        // The silent readers got their verdict written and are disconnected once they have not read it for 5 s.
        for (SocketChannel quiet : silentReaders) {
            readUntilClosed(quiet, WAIT);
            quiet.close();
        }
        assertMemoryBackAndNoLeak("never-read", took);
    }

    @Test
    void randomBytesAndAOneMegabyteLineGetOneErrorEachAndAreClosed() throws Exception {
        start(1000, Duration.ofSeconds(5));
        CompletableFuture<GateOutcome> agent = goodAgent();
        awaitWaiting(1);
        int clients = 40;
        Random random = new Random(20261202);
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            byte[] payload;
            if (i % 2 == 0) {
                payload = new byte[64 * 1024];
                random.nextBytes(payload);
            } else {
                payload = ("HELLO v=1 app=" + "x".repeat(1 << 20) + "\n").getBytes(StandardCharsets.US_ASCII);
            }
            answers.add(pool.submit(() -> {
                try (SocketChannel ch = connect(socket())) {
                    try {
                        ch.write(ByteBuffer.wrap(payload));
                    } catch (IOException e) {
                        // the daemon closed while the rest was still being written: expected
                    }
                    return readUntilClosed(ch, WAIT);
                }
            }));
        }
        for (Future<String> a : answers) {
            String text = a.get(60, TimeUnit.SECONDS);
            assertThat(text.lines().toList())
                    .as("exactly one ERROR line, then closed")
                    .singleElement()
                    .satisfies(l -> assertThat(l).matches("ERROR code=(BAD_MESSAGE|LINE_TOO_LONG) message=.*"));
        }
        Duration took = releaseAndExpectReady(agent);
        assertThat(observer.rejectedCount(dev.schemagate.protocol.ErrorCodes.BAD_MESSAGE)
                        + observer.rejectedCount(dev.schemagate.protocol.ErrorCodes.LINE_TOO_LONG))
                .as("each client counted once")
                .isEqualTo(clients);
        assertThat(observer.rejectedCount(dev.schemagate.protocol.ErrorCodes.LINE_TOO_LONG))
                .isGreaterThanOrEqualTo(clients / 2);
        assertMemoryBackAndNoLeak("garbage", took);
    }

    @Test
    void aClientThatConnectsAndClosesInALoop() throws Exception {
        start(1000, Duration.ofSeconds(5));
        CompletableFuture<GateOutcome> agent = goodAgent();
        awaitWaiting(1);
        int rounds = 20_000;
        AtomicInteger done = attackProgress;
        List<Future<?>> loops = new ArrayList<>();
        long startNanos = System.nanoTime();
        for (int t = 0; t < 4; t++) {
            loops.add(pool.submit(() -> {
                while (done.incrementAndGet() <= rounds) {
                    connect(socket()).close();
                }
                return null;
            }));
        }
        await().atMost(WAIT).until(() -> done.get() >= rounds / 5);
        int atRelease = done.get();
        Duration took = releaseAndExpectReady(agent);
        for (Future<?> f : loops) {
            f.get(120, TimeUnit.SECONDS);
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf(
                "hostile[connect-close]: %d connect+close in %.1f s (%.0f/s); lock released after %d, agent READY"
                        + " after %d%n",
                rounds, seconds, rounds / seconds, atRelease, progressAtAgentDone.get());
        assertThat(progressAtAgentDone.get())
                .as("agent READY while the loop went on")
                .isLessThan(rounds);
        assertMemoryBackAndNoLeak("connect-close", took);
    }
}
