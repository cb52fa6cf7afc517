package dev.schemagate.daemon.lock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How hard to try for SQLite's write lock: the busy wait per attempt, the retries and their backoff, and one
 * strict overall deadline that bounds all of it, busy waits included.
 *
 * @param busyTimeout per attempt, how long SQLite itself waits for a busy database before reporting SQLITE_BUSY
 * @param retries     attempts after the first one
 * @param baseBackoff the pause before the first retry; it doubles for each further retry, with jitter
 * @param deadline    the whole acquisition never takes longer than this
 */
public record LockSettings(Duration busyTimeout, int retries, Duration baseBackoff, Duration deadline) {

    /** The defaults users of the original fix know: 30 s per attempt, 10 retries from 100 ms, 120 s overall. */
    public static final LockSettings DEFAULTS =
            new LockSettings(Duration.ofSeconds(30), 10, Duration.ofMillis(100), Duration.ofSeconds(120));

    /** Every problem with these values, each naming the setting, the value and what is expected; empty when valid. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (busyTimeout.isNegative() || busyTimeout.isZero() || busyTimeout.toMillis() > Integer.MAX_VALUE) {
            problems.add("lock busy timeout " + busyTimeout.toMillis() + "ms: expected between 1ms and 24d");
        }
        if (retries < 0 || retries > 1000) {
            problems.add("lock retries " + retries + ": expected a whole number from 0 to 1000");
        }
        if (baseBackoff.isNegative() || baseBackoff.isZero()) {
            problems.add("lock backoff " + baseBackoff.toMillis() + "ms: expected a positive duration such as 100ms");
        }
        if (deadline.isNegative() || deadline.isZero()) {
            problems.add("lock deadline " + deadline.toMillis() + "ms: expected a positive duration such as 120s");
        }
        return problems;
    }
}
