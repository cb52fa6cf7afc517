package dev.schemagate.examples;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A sample worker app: its main() uses the schema at once, as a real app server would, and prints what it saw.
 *
 * <p>Started with the schemagate agent, main() only runs once the schema is complete. Without it, a worker that
 * starts mid-migration fails here with "no such table" or sees half the data.
 */
public final class Worker {
    /** Marks the worker's one output line, so the demo and the tests find it among other output. */
    public static final String MARKER = "schemagate-example-worker:";

    private Worker() {}

    public static void main(String[] args) throws SQLException {
        long mainAt = System.currentTimeMillis();
        if (args.length != 1) {
            System.err.println("usage: Worker DATABASE_FILE");
            System.exit(64);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + args[0])) {
            SchemaSnapshot seen = SchemaProbe.read(c);
            System.out.println(
                    MARKER + " pid=" + ProcessHandle.current().pid() + " main_at=" + mainAt + " " + seen.text());
        }
    }
}
