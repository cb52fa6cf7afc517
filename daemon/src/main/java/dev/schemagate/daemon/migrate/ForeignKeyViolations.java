package dev.schemagate.daemon.migrate;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rows {@code PRAGMA foreign_key_check} reports, taken once before a batch and once after it, inside the same
 * transaction, so that a batch is blamed only for the violations it adds.
 *
 * <p>The pragma checks the whole database, and SQLite connections default to {@code foreign_keys=OFF}, so an
 * application's database often holds orphans that no migration made. A violation is identified by (table, rowid,
 * parent table, foreign key id): a migration that rebuilds or renames a table holding orphans changes those and
 * makes its orphans count as new, which is what it should be asked to clean up anyway.
 */
final class ForeignKeyViolations {
    /** How many violations an error names before it says "...". */
    static final int NAMED = 5;

    private final Set<String> keys;
    private final Set<String> tables;
    private final int addedCount;
    private final List<String> addedNamed;

    private ForeignKeyViolations(Set<String> keys, Set<String> tables, int addedCount, List<String> addedNamed) {
        this.keys = keys;
        this.tables = tables;
        this.addedCount = addedCount;
        this.addedNamed = addedNamed;
    }

    /** Reads every violation in the database; {@code before} (or null) marks the ones it already held. */
    static ForeignKeyViolations check(Connection connection, ForeignKeyViolations before) throws SQLException {
        Set<String> keys = new HashSet<>();
        int addedCount = 0;
        List<String> addedNamed = new ArrayList<>();
        Set<String> tables = new TreeSet<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("PRAGMA foreign_key_check")) {
            while (rs.next()) {
                String table = rs.getString(1);
                String rowid = rs.getString(2);
                String parent = rs.getString(3);
                String key = table + '\0' + rowid + '\0' + parent + '\0' + rs.getString(4);
                keys.add(key);
                tables.add(table);
                if (before != null && !before.keys.contains(key) && addedCount++ < NAMED) {
                    addedNamed.add("table " + table + " rowid " + rowid + " references missing row in " + parent);
                }
            }
        }
        return new ForeignKeyViolations(keys, tables, addedCount, addedNamed);
    }

    /** The violations in the database, counted once each. */
    int count() {
        return keys.size();
    }

    /** How many violations were not in {@code before} (0 for the check made before the batch). */
    int addedCount() {
        return addedCount;
    }

    /** The first {@link #NAMED} of those, each as table, rowid and parent table, in the pragma's order. */
    List<String> addedNamed() {
        return addedNamed;
    }

    /** The tables holding a violation, sorted. */
    String tables() {
        return String.join(", ", tables);
    }

    /** The warning for orphans that were there before the batch, or null when there were none. */
    String preExistingWarning() {
        if (count() == 0) {
            return null;
        }
        return "the database already held " + violations(count()) + " before this batch, in tables " + tables()
                + " (PRAGMA foreign_key_check lists them); the batch added none, so it was applied."
                + " Action: delete the orphan rows or insert the rows they reference.";
    }

    static String violations(int n) {
        return n + " foreign key violation" + (n == 1 ? "" : "s");
    }
}
