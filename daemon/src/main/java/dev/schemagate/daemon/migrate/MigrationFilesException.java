package dev.schemagate.daemon.migrate;

import dev.schemagate.daemon.SchemagateException;
import dev.schemagate.protocol.ExitCodes;
import java.util.List;

/** The migration files are wrong (names, duplicates, drift, order): nothing ran; exit 65. */
public final class MigrationFilesException extends SchemagateException {
    private final List<String> problems;

    public MigrationFilesException(String heading, List<String> problems, String action) {
        super(ExitCodes.DATA_ERR, format(heading, problems, action));
        this.problems = List.copyOf(problems);
    }

    /** Each problem on its own, for callers that show them separately (status, the daemon's FAILED message). */
    public List<String> problems() {
        return problems;
    }

    private static String format(String heading, List<String> problems, String action) {
        StringBuilder sb = new StringBuilder(heading)
                .append(" (")
                .append(problems.size())
                .append(problems.size() == 1 ? " problem" : " problems")
                .append("):");
        for (String p : problems) {
            sb.append("\n  - ").append(p);
        }
        return sb.append("\nAction: ").append(action).toString();
    }
}
