package dev.schemagate.daemon.migrate;

import java.util.ArrayList;
import java.util.List;

/**
 * A line diff of two texts in the unified format of {@code diff -u}: {@code ---}/{@code +++} headers, {@code @@}
 * hunks with three lines of context, deletions before insertions in each change, and {@code \ No newline at end
 * of file} where a text does not end in one. The test holds its hunks against GNU diff's.
 *
 * <p>Myers' O(ND) algorithm on the lines left once the common head and tail are cut off, then GNU diff's own
 * {@code shift_boundaries} pass, so runs of changes among repeated lines (blank lines, {@code );}) sit where GNU
 * puts them. GNU also discards very frequent lines before its search and splits the search differently, so among
 * many repeated lines it can still pick another shortest script; hunks of edited distinct lines are the same. Beyond {@link #MAX_EDITS}
 * differing lines it stops searching for the shortest script and shows the middle as removed, then added: still a
 * correct diff, and the memory of the search stays bounded on whole-file rewrites.
 */
public final class UnifiedDiff {
    static final int CONTEXT = 3;
    static final int MAX_EDITS = 2000;
    private static final String NO_NEWLINE = "\\ No newline at end of file\n";

    private UnifiedDiff() {}

    /** The diff from {@code before} to {@code after}, or the empty string when they are equal. */
    public static String of(String beforeLabel, String afterLabel, String before, String after) {
        List<String> a = lines(before);
        List<String> b = lines(after);
        List<Edit> script = script(a, b);
        StringBuilder out = new StringBuilder();
        List<int[]> changes = changeRuns(script);
        if (changes.isEmpty()) {
            return "";
        }
        out.append("--- ").append(beforeLabel).append('\n');
        out.append("+++ ").append(afterLabel).append('\n');
        int first = 0;
        while (first < changes.size()) {
            // Changes whose gap is covered by the context of both sides share one hunk, as in GNU diff.
            int last = first;
            while (last + 1 < changes.size() && changes.get(last + 1)[0] - changes.get(last)[1] <= 2 * CONTEXT) {
                last++;
            }
            int from = Math.max(0, changes.get(first)[0] - CONTEXT);
            int to = Math.min(script.size(), changes.get(last)[1] + CONTEXT);
            hunk(out, script.subList(from, to), a, b);
            first = last + 1;
        }
        return out.toString();
    }

    /** One line of the edit script: {@code ' '} kept, {@code '-'} removed, {@code '+'} added, with its indexes. */
    private record Edit(char op, int aIndex, int bIndex) {}

    private static void hunk(StringBuilder out, List<Edit> edits, List<String> a, List<String> b) {
        int aStart = edits.get(0).aIndex();
        int bStart = edits.get(0).bIndex();
        int aCount = 0;
        int bCount = 0;
        for (Edit e : edits) {
            aCount += e.op() == '+' ? 0 : 1;
            bCount += e.op() == '-' ? 0 : 1;
        }
        out.append("@@ -")
                .append(range(aStart, aCount))
                .append(" +")
                .append(range(bStart, bCount))
                .append(" @@\n");
        for (Edit e : edits) {
            String line = e.op() == '+' ? b.get(e.bIndex()) : a.get(e.aIndex());
            out.append(e.op());
            if (line.endsWith("\n")) {
                out.append(line);
            } else {
                out.append(line).append('\n').append(NO_NEWLINE);
            }
        }
    }

    /** GNU's form: "start,count"; a count of 1 is left out; an empty range names the line before it. */
    private static String range(int start, int count) {
        if (count == 0) {
            return start + ",0";
        }
        return count == 1 ? String.valueOf(start + 1) : (start + 1) + "," + count;
    }

    /** [start, end) of each run of changed edits in the script. */
    private static List<int[]> changeRuns(List<Edit> script) {
        List<int[]> runs = new ArrayList<>();
        int i = 0;
        while (i < script.size()) {
            if (script.get(i).op() == ' ') {
                i++;
                continue;
            }
            int start = i;
            while (i < script.size() && script.get(i).op() != ' ') {
                i++;
            }
            runs.add(new int[] {start, i});
        }
        return runs;
    }

    /** Each line with its '\n'; the last one without, when the text does not end in a newline. */
    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl + 1;
            lines.add(text.substring(start, end));
            start = end;
        }
        return lines;
    }

    private static List<Edit> script(List<String> a, List<String> b) {
        int head = 0;
        while (head < a.size() && head < b.size() && a.get(head).equals(b.get(head))) {
            head++;
        }
        int tail = 0;
        while (tail < a.size() - head
                && tail < b.size() - head
                && a.get(a.size() - 1 - tail).equals(b.get(b.size() - 1 - tail))) {
            tail++;
        }
        List<Edit> script = new ArrayList<>();
        for (int i = 0; i < head; i++) {
            script.add(new Edit(' ', i, i));
        }
        List<Edit> middle = Myers.middle(a, b, head, a.size() - tail, head, b.size() - tail);
        script.addAll(middle);
        for (int i = tail; i > 0; i--) {
            script.add(new Edit(' ', a.size() - i, b.size() - i));
        }
        return shifted(script, a, b);
    }

    /**
     * GNU diff's shift_boundaries: slides each run of changed lines over equal neighbours so runs merge, as far down
     * as they go, unless a place where they line up with a change of the other text comes first.
     */
    private static List<Edit> shifted(List<Edit> script, List<String> a, List<String> b) {
        boolean[] ca = new boolean[a.size() + 2];
        boolean[] cb = new boolean[b.size() + 2];
        for (Edit e : script) {
            if (e.op() == '-') {
                ca[e.aIndex() + 1] = true;
            } else if (e.op() == '+') {
                cb[e.bIndex() + 1] = true;
            }
        }
        shift(ca, cb, a);
        shift(cb, ca, b);
        List<Edit> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && ca[i + 1]) {
                out.add(new Edit('-', i, j));
                i++;
            } else if (j < b.size() && cb[j + 1]) {
                out.add(new Edit('+', i, j));
                j++;
            } else {
                out.add(new Edit(' ', i, j));
                i++;
                j++;
            }
        }
        return grouped(out);
    }

    /** {@code changed} and {@code other} have a false sentinel at index 0 and at the end; line k is at k + 1. */
    private static void shift(boolean[] changed, boolean[] other, List<String> lines) {
        int end = lines.size();
        int i = 0;
        int j = 0;
        while (true) {
            while (i < end && !changed[i + 1]) {
                while (other[1 + j++]) {}
                i++;
            }
            if (i == end) {
                break;
            }
            int start = i;
            while (changed[1 + ++i]) {}
            while (other[1 + j]) {
                j++;
            }
            int runlength;
            int corresponding;
            do {
                runlength = i - start;
                while (start > 0 && lines.get(start - 1).equals(lines.get(i - 1))) {
                    changed[1 + --start] = true;
                    changed[1 + --i] = false;
                    while (changed[1 + start - 1]) {
                        start--;
                    }
                    while (other[1 + --j]) {}
                }
                corresponding = other[1 + j - 1] ? i : end;
                while (i != end && lines.get(start).equals(lines.get(i))) {
                    changed[1 + start++] = false;
                    changed[1 + i++] = true;
                    while (changed[1 + i]) {
                        i++;
                    }
                    while (other[1 + ++j]) {
                        corresponding = i;
                    }
                }
            } while (runlength != i - start);
            while (corresponding < i) {
                changed[1 + --start] = true;
                changed[1 + --i] = false;
                while (other[1 + --j]) {}
            }
        }
    }

    /** Within each run of changes, removals first, then additions: the order diff -u prints them in. */
    private static List<Edit> grouped(List<Edit> edits) {
        List<Edit> out = new ArrayList<>(edits.size());
        List<Edit> added = new ArrayList<>();
        for (Edit e : edits) {
            if (e.op() == '+') {
                added.add(e);
            } else if (e.op() == '-') {
                out.add(e);
            } else {
                out.addAll(added);
                added.clear();
                out.add(e);
            }
        }
        out.addAll(added);
        return out;
    }

    /** Myers' greedy forward search for the shortest edit script, then a walk back through the saved frontiers. */
    private static final class Myers {
        static List<Edit> middle(List<String> a, List<String> b, int aFrom, int aTo, int bFrom, int bTo) {
            int n = aTo - aFrom;
            int m = bTo - bFrom;
            int max = Math.min(n + m, MAX_EDITS);
            int offset = max + 1;
            int[] v = new int[2 * max + 3];
            List<int[]> trace = new ArrayList<>();
            for (int d = 0; d <= max; d++) {
                trace.add(v.clone());
                for (int k = -d; k <= d; k += 2) {
                    int x = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]))
                            ? v[offset + k + 1]
                            : v[offset + k - 1] + 1;
                    int y = x - k;
                    while (x < n && y < m && a.get(aFrom + x).equals(b.get(bFrom + y))) {
                        x++;
                        y++;
                    }
                    v[offset + k] = x;
                    if (x >= n && y >= m) {
                        return backtrack(trace, offset, n, m, aFrom, bFrom);
                    }
                }
            }
            return replaceAll(aFrom, aTo, bFrom, bTo);
        }

        private static List<Edit> backtrack(List<int[]> trace, int offset, int n, int m, int aFrom, int bFrom) {
            List<Edit> reversed = new ArrayList<>();
            int x = n;
            int y = m;
            for (int d = trace.size() - 1; d >= 0; d--) {
                int[] v = trace.get(d);
                int k = x - y;
                int prevK = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) ? k + 1 : k - 1;
                int prevX = d == 0 ? 0 : v[offset + prevK];
                int prevY = prevX - prevK;
                while (x > prevX && y > prevY) {
                    x--;
                    y--;
                    reversed.add(new Edit(' ', aFrom + x, bFrom + y));
                }
                if (d > 0) {
                    if (x == prevX) {
                        reversed.add(new Edit('+', aFrom + x, bFrom + prevY));
                    } else {
                        reversed.add(new Edit('-', aFrom + prevX, bFrom + y));
                    }
                }
                x = prevX;
                y = prevY;
            }
            List<Edit> edits = new ArrayList<>(reversed.size());
            for (int i = reversed.size() - 1; i >= 0; i--) {
                edits.add(reversed.get(i));
            }
            return edits;
        }

        private static List<Edit> replaceAll(int aFrom, int aTo, int bFrom, int bTo) {
            List<Edit> edits = new ArrayList<>();
            for (int i = aFrom; i < aTo; i++) {
                edits.add(new Edit('-', i, bFrom));
            }
            for (int j = bFrom; j < bTo; j++) {
                edits.add(new Edit('+', aTo, j));
            }
            return edits;
        }
    }
}
