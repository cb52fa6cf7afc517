package dev.schemagate.daemon.migrate;

import dev.schemagate.daemon.SchemagateException;
import dev.schemagate.protocol.ExitCodes;
import java.util.List;

/**
 * The migration files are wrong (names, duplicates, drift, order): nothing ran; exit 65. Drifted files come with
 * their diffs, printed between the problems and the action.
 */
public final class MigrationFilesException extends SchemagateException {
    /**
     * Where the daemon's FAILED line and {@code /status} send the reader for the diffs: the line has a size limit
     * and {@code /status} no authentication, so neither carries migration text.
     */
    public static final String DIFFS_IN_DAEMON_LOG =
            "the diff of each changed file is in the daemon's log and in 'schemagate validate'";

    private final String heading;
    private final List<String> problems;
    private final String action;
    private final List<Drift> drift;

    public MigrationFilesException(String heading, List<String> problems, String action) {
        this(heading, problems, action, List.of());
    }

    public MigrationFilesException(String heading, List<String> problems, String action, List<Drift> drift) {
        super(ExitCodes.DATA_ERR, format(heading, "", problems, diffs(drift, Integer.MAX_VALUE), action));
        this.heading = heading;
        this.problems = List.copyOf(problems);
        this.action = action;
        this.drift = List.copyOf(drift);
    }

    /** Each problem on its own, for callers that show them separately (status, the daemon's FAILED message). */
    public List<String> problems() {
        return problems;
    }

    /** The drifted applied files, each with its diff when the history keeps the applied text. */
    public List<Drift> drift() {
        return drift;
    }

    /**
     * The message with {@code whereToSee} in place of the diffs, for places that must stay short or must not show
     * migration text (the daemon's FAILED line, its unauthenticated {@code /status}); the same as {@link
     * #getMessage()} when nothing drifted. The pointer goes into the heading so that clipping keeps it.
     */
    public String withoutDiffs(String whereToSee) {
        if (drift.isEmpty()) {
            return getMessage();
        }
        return format(heading, "; " + whereToSee, problems, "", action);
    }

    /** The message with each diff cut to {@code maxLines} lines: for logs, which a whole rewritten file would flood. */
    public String withDiffsCapped(int maxLines) {
        return format(heading, "", problems, diffs(drift, maxLines), action);
    }

    private static String diffs(List<Drift> drift, int maxLines) {
        StringBuilder sb = new StringBuilder();
        for (Drift d : drift) {
            String shown = d.shown();
            List<String> lines = shown.lines().toList();
            if (lines.size() <= maxLines) {
                sb.append(shown);
            } else {
                lines.subList(0, maxLines).forEach(l -> sb.append(l).append('\n'));
                sb.append("... ")
                        .append(lines.size() - maxLines)
                        .append(" more lines of the diff of ")
                        .append(d.file().script())
                        .append(": run 'schemagate validate' to see all of it\n");
            }
        }
        return sb.toString();
    }

    private static String format(String heading, String note, List<String> problems, String diffs, String action) {
        StringBuilder sb = new StringBuilder(heading)
                .append(" (")
                .append(problems.size())
                .append(problems.size() == 1 ? " problem" : " problems")
                .append(note)
                .append("):");
        for (String p : problems) {
            sb.append("\n  - ").append(p);
        }
        sb.append('\n').append(diffs);
        return sb.append("Action: ").append(action).toString();
    }
}
