package dev.schemagate.daemon.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * Sends java.util.logging to stderr, one line per record: {@code schemagate WARN: message}.
 *
 * <p>Levels use the names operators know (DEBUG, INFO, WARN, ERROR) rather than JUL's FINE and SEVERE.
 */
final class LogSetup {
    static final String EXPECTED = "one of debug, info, warn, error";

    private LogSetup() {}

    /** Returns the JUL level for a user's level name, or null when unknown. */
    static Level parseLevel(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "debug": return Level.FINE;
            case "info": return Level.INFO;
            case "warn": return Level.WARNING;
            case "error": return Level.SEVERE;
            default: return null;
        }
    }

    static void install(Level level, PrintStream err) {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        Handler handler = new StreamHandler(err, new OneLine()) {
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

    private static final class OneLine extends Formatter {
        @Override
        public String format(LogRecord record) {
            String message = formatMessage(record);
            return "schemagate " + levelName(record.getLevel()) + ": " + message + System.lineSeparator();
        }
    }
}
