package dev.schemagate.daemon.systemd;

import java.time.Duration;
import java.util.Map;
import java.util.logging.Logger;

/** Reads systemd's watchdog settings: WATCHDOG_USEC, and WATCHDOG_PID naming which process must ping. */
final class Watchdog {
    private static final Logger LOG = Logger.getLogger(Watchdog.class.getName());

    private Watchdog() {}

    /** Half of WATCHDOG_USEC (systemd's advice), or null when unset, invalid, or meant for another process. */
    static Duration interval(Map<String, String> env, long pid) {
        String usec = env.get("WATCHDOG_USEC");
        if (usec == null || usec.isEmpty()) {
            return null;
        }
        String watchdogPid = env.get("WATCHDOG_PID");
        if (watchdogPid != null && !watchdogPid.isEmpty() && !watchdogPid.equals(Long.toString(pid))) {
            return null;
        }
        try {
            long micros = Long.parseLong(usec.trim());
            if (micros <= 0) {
                throw new NumberFormatException();
            }
            return Duration.ofNanos(micros * 1000 / 2);
        } catch (NumberFormatException e) {
            LOG.warning(() -> "ignoring WATCHDOG_USEC='" + usec + "': expected a whole number of microseconds above 0");
            return null;
        }
    }
}
