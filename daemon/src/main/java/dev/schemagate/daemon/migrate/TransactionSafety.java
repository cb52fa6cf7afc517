package dev.schemagate.daemon.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Tells which statements must not appear in a migration because schemagate runs every migration
 * inside one transaction (BEGIN IMMEDIATE ... COMMIT), so they would fail, be silently ignored, or
 * break that transaction.
 *
 * <p>Matching is on the statement's leading tokens (ASCII case-insensitive, comments skipped), never
 * on substrings, so {@code CREATE TABLE vacuum_log(...)} or {@code INSERT INTO t VALUES('BEGIN')} pass.
 * A CREATE TRIGGER body is part of one CREATE statement, so its inner BEGIN/END are never looked at.
 */
public final class TransactionSafety {

    private TransactionSafety() {}

    private static final Set<String> TRANSACTION_CONTROL =
            Set.of("BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE");

    /** Returns why {@code s} cannot run inside schemagate's migration transaction, or empty if it can. */
    public static Optional<String> whyNotInTransaction(SqlStatement s) {
        List<Tok> w = leadingTokens(s.sql(), 5);
        if (w.isEmpty() || w.get(0).kind() != SqlLexer.Kind.WORD) {
            return Optional.empty(); // e.g. "VACUUM" in quotes is an identifier, not the command
        }
        String first = w.get(0).text();
        if (first.equals("VACUUM")) {
            return Optional.of("VACUUM cannot run inside a transaction, and schemagate runs every migration"
                    + " inside one; run VACUUM (or VACUUM INTO) outside migrations, e.g. from a maintenance job");
        }
        if (TRANSACTION_CONTROL.contains(first)) {
            return Optional.of(first + " controls transactions, but schemagate already runs every migration"
                    + " inside its own transaction (BEGIN IMMEDIATE ... COMMIT) and rolls the whole batch back"
                    + " on error; remove this statement from the migration");
        }
        if (first.equals("ATTACH") || first.equals("DETACH")) {
            // Checked on SQLite 3.54.1: ATTACH works inside BEGIN IMMEDIATE, DETACH fails ("database x is
            // locked"). ATTACH is still refused: the attached file is outside schemagate's lock and history.
            return Optional.of(first + " does not belong in a migration: it changes the connection that applies"
                    + " the rest of the batch, an attached database file is not covered by schemagate's lock or"
                    + " migration history, and DETACH fails inside a transaction; remove it from the migration");
        }
        if (first.equals("PRAGMA")) {
            return pragma(w);
        }
        return Optional.empty();
    }

    /**
     * Only the setting forms ({@code = value} or {@code (value)}) are refused: reading these pragmas is
     * harmless inside a transaction, and a setting that silently does nothing is the real trap.
     */
    private static Optional<String> pragma(List<Tok> w) {
        // PRAGMA [schema .] name [= value | (value)]
        int nameAt = w.size() > 2 && w.get(2).is(".") ? 3 : 1;
        if (w.size() <= nameAt || w.get(nameAt).kind() == SqlLexer.Kind.OTHER) {
            return Optional.empty();
        }
        String name = SqlLexer.asciiLower(w.get(nameAt).text());
        boolean sets = w.size() > nameAt + 1
                && (w.get(nameAt + 1).is("=") || w.get(nameAt + 1).is("("));
        if (!sets) {
            return Optional.empty();
        }
        return switch (name) {
            case "journal_mode" ->
                Optional.of("PRAGMA journal_mode cannot be changed inside a transaction (SQLite"
                        + " refuses or ignores it) and schemagate runs every migration inside one; set the journal"
                        + " mode when the database is created or in the daemon's configuration, not in a migration");
            case "foreign_keys" ->
                Optional.of("PRAGMA foreign_keys is silently ignored inside a transaction and"
                        + " schemagate runs every migration inside one; enable foreign keys on each application"
                        + " connection instead (schemagate runs PRAGMA foreign_key_check before COMMIT)");
            case "page_size", "auto_vacuum" ->
                Optional.of("PRAGMA " + name + " only takes effect on an existing"
                        + " database after a VACUUM, which cannot run inside schemagate's migration transaction, so"
                        + " here it would silently do nothing; set it before the database is first written, outside"
                        + " migrations");
            default -> Optional.empty();
        };
    }

    /**
     * The first {@code max} significant tokens: words upper-cased (ASCII), quoted names unquoted (a pragma
     * name may be quoted), other characters as themselves. Stops early at a ';' or unreadable text.
     */
    private static List<Tok> leadingTokens(String sql, int max) {
        List<Tok> out = new ArrayList<>();
        SqlLexer lexer = new SqlLexer(sql);
        try {
            for (SqlLexer.Token t = lexer.next(); t != null && out.size() < max; t = lexer.next()) {
                if (!t.significant()) {
                    continue;
                }
                if (t.kind() == SqlLexer.Kind.SEMI) {
                    break;
                }
                String text = sql.substring(t.start(), t.end());
                out.add(new Tok(
                        t.kind(),
                        switch (t.kind()) {
                            case WORD -> SqlLexer.asciiUpper(text);
                            case QUOTED -> unquote(text);
                            default -> text;
                        }));
            }
        } catch (IllegalArgumentException unterminated) {
            // Keep what was read; the splitter reports unterminated text with its line.
        }
        return out;
    }

    /** A significant token: its kind and normalized text. */
    private record Tok(SqlLexer.Kind kind, String text) {
        boolean is(String punctuation) {
            return kind == SqlLexer.Kind.OTHER && text.equals(punctuation);
        }
    }

    private static String unquote(String q) {
        char open = q.charAt(0);
        String body = q.substring(1, q.length() - 1);
        if (open == '[') {
            return body;
        }
        String quote = String.valueOf(open);
        return body.replace(quote + quote, quote);
    }
}
