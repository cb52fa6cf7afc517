package dev.schemagate.daemon.migrate;
import java.util.*;
public final class TransactionSafety { // TEMP STUB
  public static Optional<String> whyNotInTransaction(SqlStatement s) { return s.sql().toUpperCase().startsWith("VACUUM") ? Optional.of("VACUUM") : Optional.empty(); }
}
