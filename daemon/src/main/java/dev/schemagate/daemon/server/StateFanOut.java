package dev.schemagate.daemon.server;

import io.netty.util.concurrent.EventExecutor;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hands state changes to the sessions' event loops in batches: one task per event loop per burst, not one per
 * session.
 *
 * <p>At COMMIT the migration thread tells every waiting session at once (1,000 or more). Submitting one task per
 * session wakes each event loop again and again while the migration thread competes with them for the CPU; a
 * queue per loop with a single drain task lets each loop write all its sessions' READY lines in one pass. Each
 * session still sees its states in order: they go through its own loop's queue, first in, first out.
 *
 * <p>A drain writes every queued line first and flushes each session once at the end, so a session that has
 * several lines waiting (progress lines still queued when READY comes: the loop was behind) gets all of them in one
 * system call instead of one each. Every line is still written; only the number of writes to the kernel shrinks.
 */
final class StateFanOut {
    /** One session's delivery, run on its event loop. */
    interface Delivery {
        /** Writes what {@code state} means to this session, without flushing (see {@link #flush}). */
        void deliver(GateState state);

        /** Hands what {@link #deliver} wrote to the kernel; called once after each run of deliveries. */
        default void flush() {}
    }

    private record Item(Delivery session, GateState state) {}

    private static final class LoopQueue implements Runnable {
        final Queue<Item> items = new ConcurrentLinkedQueue<>();
        final AtomicBoolean scheduled = new AtomicBoolean();

        @Override
        public void run() {
            // Clear the flag first: an item added after this point schedules another drain, so none is stranded.
            scheduled.set(false);
            Set<Delivery> written = new LinkedHashSet<>();
            try {
                Item item;
                while ((item = items.poll()) != null) {
                    item.session().deliver(item.state());
                    written.add(item.session());
                }
            } finally {
                for (Delivery session : written) {
                    session.flush();
                }
            }
        }
    }

    private final Map<EventExecutor, LoopQueue> queues = new ConcurrentHashMap<>();

    /** Delivers {@code state} to {@code session} on {@code loop}: at once when already there, else batched. */
    void send(EventExecutor loop, Delivery session, GateState state) {
        if (loop.inEventLoop()) {
            session.deliver(state);
            session.flush();
            return;
        }
        LoopQueue queue = queues.computeIfAbsent(loop, l -> new LoopQueue());
        queue.items.add(new Item(session, state));
        if (queue.scheduled.compareAndSet(false, true)) {
            loop.execute(queue);
        }
    }
}
