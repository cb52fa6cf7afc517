package dev.schemagate.daemon.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The drift diff and the stored text on any input: the diff is empty exactly when the texts are equal, its hunks
 * rebuild both texts (every line of each is accounted for, in order), and a stored text reads back unchanged.
 */
class UnifiedDiffFuzzTest {

    /** Two texts separated by the first NUL byte of the input. */
    @FuzzTest
    void hunksRebuildBothTexts(byte[] input) {
        String all = new String(input, StandardCharsets.UTF_8);
        int cut = all.indexOf('\0');
        if (cut < 0) {
            return;
        }
        String before = all.substring(0, cut);
        String after = all.substring(cut + 1);
        String diff = UnifiedDiff.of("applied x.sql", "now x.sql", before, after);
        if (before.equals(after)) {
            assertThat(diff).isEmpty();
            return;
        }
        assertThat(diff).startsWith("--- applied x.sql\n+++ now x.sql\n@@ -");
        assertThat(rebuild(diff, before, '-')).isEqualTo(before);
        assertThat(rebuild(diff, after, '+')).isEqualTo(after);
    }

    @FuzzTest
    void storedTextReadsBack(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        StoredText stored = StoredText.of(text);
        assertThat(stored.size()).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
        assertThat(stored.data().length).isLessThanOrEqualTo(stored.size());
        assertThat(stored.text()).isEqualTo(text);
    }

    /**
     * One side of the diff applied to {@code original}: the lines between hunks are taken from it, the hunks' own
     * lines (context and {@code side}) must match it where they land; the result must be all of it again.
     */
    private static String rebuild(String diff, String original, char side) {
        List<String> lines = UnifiedDiff.lines(original);
        // Split on '\n' only: a '\r' inside a line is part of it, as for diff and patch (String.lines would cut it).
        List<String> body = UnifiedDiff.lines(diff).stream()
                .skip(2)
                .map(l -> l.substring(0, l.length() - 1))
                .toList();
        StringBuilder out = new StringBuilder();
        int next = 0;
        List<String> pending = new ArrayList<>();
        for (String line : body) {
            if (line.startsWith("@@")) {
                flush(pending, lines, out, next);
                next += pending.size();
                pending.clear();
                String range = line.split(" ")[side == '-' ? 1 : 2].substring(1);
                String[] parts = range.split(",");
                int start = Integer.parseInt(parts[0]);
                int count = parts.length > 1 ? Integer.parseInt(parts[1]) : 1;
                int first = count == 0 ? start : start - 1;
                assertThat(first).isGreaterThanOrEqualTo(next);
                for (; next < first; next++) {
                    out.append(lines.get(next));
                }
                continue;
            }
            if (line.equals("\\ No newline at end of file")) {
                if (!pending.isEmpty()) {
                    String last = pending.remove(pending.size() - 1);
                    pending.add(last.substring(0, last.length() - 1));
                }
                continue;
            }
            flush(pending, lines, out, next);
            next += pending.size();
            pending.clear();
            char op = line.charAt(0);
            if (op == ' ' || op == side) {
                pending.add(line.substring(1) + "\n");
            }
        }
        flush(pending, lines, out, next);
        next += pending.size();
        for (; next < lines.size(); next++) {
            out.append(lines.get(next));
        }
        return out.toString();
    }

    private static void flush(List<String> pending, List<String> lines, StringBuilder out, int at) {
        for (int i = 0; i < pending.size(); i++) {
            assertThat(pending.get(i)).isEqualTo(lines.get(at + i));
            out.append(pending.get(i));
        }
    }
}
