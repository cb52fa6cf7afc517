package dev.schemagate.daemon.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.schemagate.daemon.testing.Executables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link UnifiedDiff} against GNU {@code diff -u} on generated inputs. Where the shortest edit script is unique (edits
 * of distinct lines) the hunks (everything after the two header lines) must be byte for byte GNU's. Where lines
 * repeat, several shortest scripts exist and GNU picks among them with its own heuristics ({@code shift_boundaries});
 * there ours must be as short as {@code diff --minimal}'s and GNU {@code patch} must turn the old text into the new
 * one with it. Seeds are fixed so a failure repeats; the seed is in the message.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UnifiedDiffOracleTest {
    @TempDir
    Path dir;

    /** Realistic drift: a script of distinct lines edited in a few places (lines added, removed, rewritten). */
    @Test
    void editedScriptsGiveTheSameHunksAsGnuDiff() throws Exception {
        for (int seed = 0; seed < 150; seed++) {
            Random random = new Random(seed);
            List<String> before = script(random, 1 + random.nextInt(60));
            List<String> after = edit(random, before);
            compare(seed, join(before, random.nextInt(8) != 0), join(after, random.nextInt(8) != 0));
        }
    }

    /**
     * SQL scripts repeat lines (blank lines, ");", "END;"); here most lines repeat, the case where two shortest
     * scripts exist and the choice between them shows.
     */
    @Test
    void scriptsOfRepeatedLinesGiveAsShortADiffAsGnuDiffThatPatchApplies() throws Exception {
        String[] alphabet = {");\n", "\n", "END;\n", "CREATE TABLE t (\n", "  id INTEGER\n"};
        int sameAsGnu = 0;
        for (int seed = 0; seed < 150; seed++) {
            Random random = new Random(1000 + seed);
            String before = random(random, alphabet);
            String after = random(random, alphabet);
            String ours = UnifiedDiff.of("applied a.sql", "now a.sql", before, after);
            sameAsGnu += hunks(ours).equals(hunks(gnuDiff(before, after, "-u"))) ? 1 : 0;
            String gnu = gnuDiff(before, after, "--minimal");
            assertThat(changedLines(ours))
                    .as("seed %d: ours\n%s\nGNU\n%s", seed, ours, gnu)
                    .isEqualTo(changedLines(gnu));
            if (!ours.isEmpty()) {
                assertThat(patched(before, ours))
                        .as("seed %d: patch with\n%s", seed, ours)
                        .isEqualTo(after);
            }
        }
        // Plain Myers matched 88 of these 150 byte for byte; with GNU's shift_boundaries pass, 120. A floor, so a
        // change that moves away from GNU's choices shows.
        assertThat(sameAsGnu).as("inputs whose hunks are GNU's byte for byte").isGreaterThanOrEqualTo(120);
    }

    @Test
    void emptyAndOneSidedTextsGiveTheSameHunksAsGnuDiff() throws Exception {
        compare(-1, "", "CREATE TABLE a (id);\n");
        compare(-2, "CREATE TABLE a (id);\nCREATE TABLE b (id);\n", "");
        compare(-3, "x", "x\n");
        compare(-4, "a\nb", "a\nc");
        compare(-5, "same\n", "same\n");
    }

    private void compare(int seed, String before, String after) throws IOException, InterruptedException {
        String gnu = gnuDiff(before, after, "-u");
        String ours = UnifiedDiff.of("applied a.sql", "now a.sql", before, after);
        assertThat(hunks(ours))
                .as("seed %d\n--- before\n%s--- after\n%s--- GNU diff\n%s", seed, before, after, gnu)
                .isEqualTo(hunks(gnu));
        if (!ours.isEmpty()) {
            assertThat(ours).startsWith("--- applied a.sql\n+++ now a.sql\n@@ -");
        }
    }

    private String gnuDiff(String before, String after, String option) throws IOException, InterruptedException {
        Path a = Files.writeString(dir.resolve("a.sql"), before, StandardCharsets.UTF_8);
        Path b = Files.writeString(dir.resolve("b.sql"), after, StandardCharsets.UTF_8);
        String gnu = run(List.of(tool("diff", "diffutils"), "-u", option, a.toString(), b.toString()));
        assertThat(exitCode).as("diff's exit code: %s", gnu).isIn(0, 1);
        return gnu;
    }

    private String patched(String before, String diff) throws IOException, InterruptedException {
        Path a = Files.writeString(dir.resolve("p.sql"), before, StandardCharsets.UTF_8);
        Path patch = Files.writeString(dir.resolve("p.diff"), diff, StandardCharsets.UTF_8);
        Path out = dir.resolve("p.out");
        Files.deleteIfExists(out);
        String log = run(
                List.of(tool("patch", "patch"), "--quiet", "-o", out.toString(), "-i", patch.toString(), a.toString()));
        assertThat(exitCode).as("patch: %s", log).isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private int exitCode;

    private String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        exitCode = p.exitValue();
        return output;
    }

    private static String tool(String name, String debianPackage) {
        return Executables.onPath(name, "apt-get install -y " + debianPackage).toString();
    }

    /** How many lines the hunks remove and add. */
    private static String changedLines(String diff) {
        long removed = hunks(diff).lines().filter(l -> l.startsWith("-")).count();
        long added = hunks(diff).lines().filter(l -> l.startsWith("+")).count();
        return "-" + removed + " +" + added;
    }

    private static String hunks(String diff) {
        if (diff.isEmpty()) {
            return "";
        }
        int second = diff.indexOf('\n', diff.indexOf('\n') + 1);
        return diff.substring(second + 1);
    }

    private static List<String> script(Random random, int lines) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            out.add("CREATE TABLE t" + random.nextInt(1_000_000) + " (id INTEGER PRIMARY KEY);\n");
        }
        return out;
    }

    private static List<String> edit(Random random, List<String> before) {
        List<String> after = new ArrayList<>(before);
        int edits = random.nextInt(5);
        for (int i = 0; i < edits; i++) {
            int at = random.nextInt(after.size() + 1);
            switch (random.nextInt(3)) {
                case 0 -> after.addAll(at, script(random, 1 + random.nextInt(3)));
                case 1 -> {
                    if (at < after.size()) {
                        after.remove(at);
                    }
                }
                default -> {
                    if (at < after.size()) {
                        after.set(at, "-- edited\n" + after.get(at).replace("INTEGER", "TEXT"));
                    }
                }
            }
        }
        return after;
    }

    private static String join(List<String> lines, boolean finalNewline) {
        String text = String.join("", lines);
        return finalNewline || text.isEmpty() ? text : text.substring(0, text.length() - 1);
    }

    private static String random(Random random, String[] alphabet) {
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(16);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return sb.toString();
    }
}
