package dev.schemagate.daemon.cli;

import dev.schemagate.daemon.systemd.JournalStream;
import java.io.PrintStream;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * Sends java.util.logging to stderr, one line per record: {@code schemagate WARN: message}.
 *
 * <p>Levels use the names operators know (DEBUG, INFO, WARN, ERROR) rather than JUL's FINE and SEVERE. Under
 * systemd with stderr going to journald, each line also starts with its syslog priority ({@code <3>} ... {@code <7>}).
 */
final class LogSetup {
    /** Held here: JUL keeps loggers weakly, and a collected logger would forget the level set on it. */
    private static final Logger SQLITE_LOADER = Logger.getLogger("org.sqlite.SQLiteJDBCLoader");

    private LogSetup() {}

    static void install(Level level, PrintStream err) {
        install(level, err, JournalStream.isStderr(System.getenv()));
    }

    /** With {@code journal}, every line starts with its syslog priority ({@code <4>}) so journald files it right. */
    static void install(Level level, PrintStream err, boolean journal) {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        Handler handler = new StreamHandler(err, new OneLine(journal)) {
            @Override
            public synchronized void publish(LogRecord record) {
                super.publish(record);
                flush();
            }
        };
        handler.setLevel(level);
        root.addHandler(handler);
        root.setLevel(level);
        Logger.getLogger("dev.schemagate").setLevel(level);
        // When several processes start together, sqlite-jdbc's loader races to delete another process's freshly
        // unpacked library and logs "Failed to delete old native lib" at ERROR; the load itself succeeds, and a
        // real load failure still reaches the user as an exception. So its loader only speaks at debug level.
        SQLITE_LOADER.setLevel(level.intValue() <= Level.FINE.intValue() ? level : Level.OFF);
    }

    static String levelName(Level level) {
        if (level.intValue() >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (level.intValue() >= Level.WARNING.intValue()) {
            return "WARN";
        }
        return level.intValue() >= Level.INFO.intValue() ? "INFO" : "DEBUG";
    }

    /** sd-daemon(3) priorities: 3 error, 4 warning, 6 info, 7 debug. */
    static int syslogPriority(Level level) {
        if (level.intValue() >= Level.SEVERE.intValue()) {
            return 3;
        }
        if (level.intValue() >= Level.WARNING.intValue()) {
            return 4;
        }
        return level.intValue() >= Level.INFO.intValue() ? 6 : 7;
    }

    static final class OneLine extends Formatter {
        private final boolean journal;

        OneLine(boolean journal) {
            this.journal = journal;
        }

        @Override
        public String format(LogRecord record) {
            String line = "schemagate " + levelName(record.getLevel()) + ": " + formatMessage(record);
            if (record.getThrown() != null) {
                // Logged with a throwable only where the stack trace helps: internal errors and failing listeners.
                java.io.StringWriter trace = new java.io.StringWriter();
                record.getThrown().printStackTrace(new java.io.PrintWriter(trace));
                line = line + System.lineSeparator() + trace.toString().stripTrailing();
            }
            if (!journal) {
                return line + System.lineSeparator();
            }
            // journald reads the prefix per line: without it a message's later lines would be logged as info.
            String prefix = "<" + syslogPriority(record.getLevel()) + ">";
            return prefix + String.join("\n" + prefix, line.split("\\r?\\n", -1)) + "\n";
        }
    }
}
