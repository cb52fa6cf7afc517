package dev.schemagate.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.schemagate.protocol.Messages;
import io.netty.channel.DefaultEventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class StateFanOutTest {
    /** An event loop that counts the tasks it is given. */
    static final class CountingLoop extends DefaultEventLoop {
        final AtomicInteger tasks = new AtomicInteger();

        @Override
        public void execute(Runnable task) {
            tasks.incrementAndGet();
            super.execute(task);
        }
    }

    final List<CountingLoop> loops = new ArrayList<>();

    @AfterEach
    void shutDown() {
        loops.forEach(l -> l.shutdownGracefully(0, 1, TimeUnit.SECONDS));
    }

    CountingLoop loop() {
        CountingLoop l = new CountingLoop();
        loops.add(l);
        return l;
    }

    /** Keeps {@code loop} busy with one task until the returned latch is counted down; returns once it runs. */
    static CountDownLatch occupy(CountingLoop loop) throws InterruptedException {
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        loop.execute(() -> {
            blocked.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
        return release;
    }

    static GateState state(long sequence) {
        return new GateState(sequence, Phase.READY, null, null, Messages.ready("1", 0), null);
    }

    @Test
    void aBurstToManySessionsOnABusyLoopIsOneTaskAndEverySessionGetsItsStatesInOrder() throws Exception {
        CountingLoop loop = loop();
        CountDownLatch release = occupy(loop);
        int before = loop.tasks.get();

        StateFanOut fanOut = new StateFanOut();
        int sessions = 1000;
        List<List<Long>> seen = new ArrayList<>();
        CountDownLatch all = new CountDownLatch(sessions * 3);
        for (int i = 0; i < sessions; i++) {
            seen.add(new ArrayList<>());
        }
        for (long seq = 1; seq <= 3; seq++) {
            for (int i = 0; i < sessions; i++) {
                List<Long> mine = seen.get(i);
                fanOut.send(
                        loop,
                        s -> {
                            mine.add(s.sequence());
                            all.countDown();
                        },
                        state(seq));
            }
        }
        assertThat(loop.tasks.get() - before)
                .as("one drain task for the whole burst")
                .isEqualTo(1);
        release.countDown();
        assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
        for (List<Long> mine : seen) {
            assertThat(mine).containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void itemsAddedWhileADrainRunsAreNotStranded() throws Exception {
        CountingLoop loop = loop();
        StateFanOut fanOut = new StateFanOut();
        int total = 20_000;
        CountDownLatch all = new CountDownLatch(total);
        // Two producer threads race the drains on purpose; every item must still arrive.
        Runnable producer = () -> {
            for (int i = 0; i < total / 2; i++) {
                fanOut.send(loop, s -> all.countDown(), state(i));
            }
        };
        Thread a = new Thread(producer);
        Thread b = new Thread(producer);
        a.start();
        b.start();
        a.join();
        b.join();
        assertThat(all.await(20, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void onItsOwnLoopASessionIsToldAtOnce() throws Exception {
        CountingLoop loop = loop();
        StateFanOut fanOut = new StateFanOut();
        List<Long> seen = new ArrayList<>();
        loop.submit(() -> fanOut.send(loop, s -> seen.add(s.sequence()), state(7)))
                .get(10, TimeUnit.SECONDS);
        assertThat(seen).containsExactly(7L);
    }

    @Test
    void aDrainWritesEverySessionsLinesThenFlushesEachSessionOnce() throws Exception {
        CountingLoop loop = loop();
        CountDownLatch release = occupy(loop);

        StateFanOut fanOut = new StateFanOut();
        List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch flushed = new CountDownLatch(2);
        List<StateFanOut.Delivery> sessions = new ArrayList<>();
        for (String name : List.of("a", "b")) {
            sessions.add(new StateFanOut.Delivery() {
                @Override
                public void deliver(GateState state) {
                    events.add(name + state.sequence());
                }

                @Override
                public void flush() {
                    events.add(name + " flush");
                    flushed.countDown();
                }
            });
        }
        for (long seq = 1; seq <= 3; seq++) { // progress lines still queued when the verdict comes
            for (StateFanOut.Delivery session : sessions) {
                fanOut.send(loop, session, state(seq));
            }
        }
        release.countDown();
        assertThat(flushed.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(events)
                .as("every line delivered, in order, and one flush per session after all of them")
                .containsExactly("a1", "b1", "a2", "b2", "a3", "b3", "a flush", "b flush");
    }
}
