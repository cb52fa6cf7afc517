package dev.schemagate.daemon.migrate;
import java.util.*;
public final class SqlScriptSplitter { // TEMP STUB
  public static List<SqlStatement> split(String s) { List<SqlStatement> r = new ArrayList<>(); int line=1; for (String p : s.split(";")) { if (!p.isBlank()) r.add(new SqlStatement(p.trim(), line)); line += p.chars().filter(c->c=='\n').count(); } return r; }
}
