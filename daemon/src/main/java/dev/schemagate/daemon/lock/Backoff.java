package dev.schemagate.daemon.lock;

import java.time.Duration;
import java.util.Random;

/**
 * Exponential backoff with jitter: retry n waits base * 2^(n-1), scaled by a random factor in [0.75, 1.25).
 *
 * <p>The jitter keeps many processes that failed together from retrying together.
 */
final class Backoff {
    private static final int MAX_DOUBLINGS = 30; // beyond this the deadline has long been reached
    private final Duration base;
    private final Random random;

    Backoff(Duration base, Random random) {
        this.base = base;
        this.random = random;
    }

    /** The nominal pause before retry {@code retry} (1-based), without jitter. */
    Duration nominal(int retry) {
        return base.multipliedBy(1L << Math.min(retry - 1, MAX_DOUBLINGS));
    }

    /** The pause before retry {@code retry} (1-based), with jitter. */
    Duration delay(int retry) {
        double factor = 0.75 + random.nextDouble() * 0.5;
        return Duration.ofNanos((long) (nominal(retry).toNanos() * factor));
    }
}
