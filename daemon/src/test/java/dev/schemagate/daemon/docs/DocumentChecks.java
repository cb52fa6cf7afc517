package dev.schemagate.daemon.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * The checks the documents' tests run, kept apart from the files so that they can be tried on small in-memory
 * documents too: every row of the bad-inputs catalogue and every promise of the README's guarantees must name a test
 * that exists.
 */
final class DocumentChecks {
    /** Rows under a heading that starts with this are listed as gaps on purpose and name no test. */
    static final String NOT_YET_COVERED = "Not yet covered";

    private final TestReferences tests;

    DocumentChecks(TestReferences tests) {
        this.tests = tests;
    }

    /** One table row of the catalogue: its first cell names the bad input, its last cell the tests that prove it. */
    record Row(int line, String section, String input, String proof) {}

    /** The table rows of a markdown document (header and separator rows left out), with their section headings. */
    static List<Row> rows(String markdown) {
        List<Row> rows = new ArrayList<>();
        String section = "";
        List<String> lines = markdown.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.startsWith("#")) {
                section = line.replaceFirst("^#+\\s*", "");
                continue;
            }
            boolean header = i + 1 < lines.size() && lines.get(i + 1).trim().matches("\\|[-:| ]+\\|");
            if (!line.startsWith("|") || header || line.matches("\\|[-:| ]+\\|")) {
                continue;
            }
            String[] cells = line.substring(1, line.length() - (line.endsWith("|") ? 1 : 0))
                    .split("(?<!\\\\)\\|", -1);
            rows.add(new Row(i + 1, section, cells[0].trim(), cells[cells.length - 1].trim()));
        }
        return rows;
    }

    /** Every problem of the catalogue, each naming its row; empty when every row names tests that exist. */
    List<String> catalogueProblems(String markdown) {
        List<String> problems = new ArrayList<>();
        for (Row row : rows(markdown)) {
            if (row.section().startsWith(NOT_YET_COVERED)) {
                continue;
            }
            String where = "line " + row.line() + " (" + row.section() + ": " + row.input() + ")";
            Matcher m = TestReferences.REFERENCE.matcher(row.proof());
            int methods = 0;
            while (m.find()) {
                if (m.group(2) == null) {
                    continue;
                }
                methods++;
                String name = m.group(1) + "#" + m.group(2);
                tests.problem(m.group(1), m.group(2)).ifPresent(p -> problems.add(where + " names " + name + ": " + p));
            }
            if (methods == 0) {
                problems.add(where + " names no test as `Class#method` in its last column; move it to \""
                        + NOT_YET_COVERED + "\" if none exists");
            }
        }
        return problems;
    }

    /**
     * Every problem of a list of promises (markdown bullets starting with {@code - **}): each must name at least one
     * test ({@code `SomeTest`}, {@code `SomeIT`} or {@code `Class#method`}), and each test it names must exist.
     */
    List<String> promiseProblems(String section) {
        List<String> problems = new ArrayList<>();
        for (String promise : promises(section)) {
            String title =
                    promise.replaceFirst("(?s)^- \\*\\*([^*]*)\\*\\*.*", "$1").strip();
            Matcher m = TestReferences.REFERENCE.matcher(promise);
            int named = 0;
            while (m.find()) {
                String cls = m.group(1);
                if (m.group(2) == null && !(cls.endsWith("Test") || cls.endsWith("IT"))) {
                    continue;
                }
                named++;
                String name = m.group(2) == null ? cls : cls + "#" + m.group(2);
                tests.problem(cls, m.group(2))
                        .ifPresent(p -> problems.add("\"" + title + "\" names " + name + ": " + p));
            }
            if (named == 0) {
                problems.add("\"" + title + "\" names no test that proves it");
            }
        }
        return problems;
    }

    /** The bullets of {@code section} that start with bold text, each with its continuation lines. */
    private static List<String> promises(String section) {
        List<String> promises = new ArrayList<>();
        StringBuilder current = null;
        for (String line : section.lines().toList()) {
            if (line.startsWith("- **")) {
                if (current != null) {
                    promises.add(current.toString());
                }
                current = new StringBuilder(line);
            } else if (current != null && (line.startsWith("  ") || line.isBlank())) {
                current.append('\n').append(line);
            } else if (current != null) {
                promises.add(current.toString());
                current = null;
            }
        }
        if (current != null) {
            promises.add(current.toString());
        }
        return promises;
    }

    /** The text from the heading {@code heading} (a whole line) to the next heading of the same or a higher level. */
    static String section(String markdown, String heading) {
        int start = markdown.indexOf("\n" + heading + "\n");
        if (start < 0) {
            throw new AssertionError("no heading '" + heading + "' in the document");
        }
        String level = heading.substring(0, heading.indexOf(' ') + 1);
        int end = markdown.indexOf("\n" + level, start + heading.length() + 1);
        return markdown.substring(start + 1, end < 0 ? markdown.length() : end);
    }
}
