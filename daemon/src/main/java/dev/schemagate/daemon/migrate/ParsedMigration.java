package dev.schemagate.daemon.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A pending migration split into statements and checked, before anything of the batch runs.
 */
public record ParsedMigration(MigrationFile file, List<SqlStatement> statements) {

    /** Splits every file; any unsplittable file, empty file or statement that cannot run in a transaction: exit 65. */
    public static List<ParsedMigration> parseAll(List<MigrationFile> files) {
        List<ParsedMigration> parsed = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (MigrationFile file : files) {
            List<SqlStatement> statements;
            try {
                statements = SqlScriptSplitter.split(file.sql());
            } catch (IllegalArgumentException e) {
                problems.add(file.script() + ": " + e.getMessage());
                continue;
            }
            if (statements.isEmpty()) {
                problems.add(file.script() + ": holds only comments; write the migration's SQL or delete the file");
                continue;
            }
            for (SqlStatement statement : statements) {
                Optional<String> why = TransactionSafety.whyNotInTransaction(statement);
                why.ifPresent(reason -> problems.add(file.script() + " line " + statement.line() + ": " + reason));
            }
            parsed.add(new ParsedMigration(file, statements));
        }
        if (!problems.isEmpty()) {
            throw new MigrationFilesException(
                    "schemagate: pending migrations cannot run in one transaction",
                    problems,
                    "fix the statements listed above; nothing was applied.");
        }
        return parsed;
    }
}
