package dev.schemagate.daemon.server;

import io.netty.util.concurrent.EventExecutor;
import java.util.Map;
import java.util.Queue;
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
 */
final class StateFanOut {
    /** One session's delivery, run on its event loop. */
    interface Delivery {
        void deliver(GateState state);
    }

    private record Item(Delivery session, GateState state) {}

    private static final class LoopQueue implements Runnable {
        final Queue<Item> items = new ConcurrentLinkedQueue<>();
        final AtomicBoolean scheduled = new AtomicBoolean();

        @Override
        public void run() {
            // Clear the flag first: an item added after this point schedules another drain, so none is stranded.
            scheduled.set(false);
            Item item;
            while ((item = items.poll()) != null) {
                item.session().deliver(item.state());
            }
        }
    }

    private final Map<EventExecutor, LoopQueue> queues = new ConcurrentHashMap<>();

    /** Delivers {@code state} to {@code session} on {@code loop}: at once when already there, else batched. */
    void send(EventExecutor loop, Delivery session, GateState state) {
        if (loop.inEventLoop()) {
            session.deliver(state);
            return;
        }
        LoopQueue queue = queues.computeIfAbsent(loop, l -> new LoopQueue());
        queue.items.add(new Item(session, state));
        if (queue.scheduled.compareAndSet(false, true)) {
            loop.execute(queue);
        }
    }
}
