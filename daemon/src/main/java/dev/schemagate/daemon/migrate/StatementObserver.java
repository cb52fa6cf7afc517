package dev.schemagate.daemon.migrate;

/** Watches a batch statement by statement, on the connection inside the transaction (the dry run's report). */
interface StatementObserver {
    StatementObserver NONE = new StatementObserver() {};

    /** {@code file}'s first statement is about to run. */
    default void migrationStarting(MigrationFile file) throws java.sql.SQLException {}

    /** {@code sql} ran in {@code nanos}. */
    default void statementRan(SqlStatement sql, long nanos) {}

    /** {@code file}'s last statement ran. */
    default void migrationDone(MigrationFile file) throws java.sql.SQLException {}
}
