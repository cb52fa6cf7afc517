package dev.schemagate.daemon.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.schemagate.daemon.testing.RepoRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * docs/bad-inputs.md and the README's "What the engine guarantees" name the tests that prove them; a renamed or
 * deleted test must fail the build here, naming the row or the promise, instead of leaving a claim without proof.
 */
class BadInputsCatalogueTest {
    private static final String GUARANTEES = "## What the engine guarantees";

    private static final DocumentChecks REPOSITORY = new DocumentChecks(TestReferences.inRepository(RepoRoot.path()));

    @Test
    void everyRowOfTheCatalogueNamesATestMethodThatExists() throws IOException {
        String catalogue = Files.readString(RepoRoot.path().resolve("docs/bad-inputs.md"));
        assertThat(DocumentChecks.rows(catalogue))
                .as("rows parsed from docs/bad-inputs.md (a parser that finds none would pass anything)")
                .hasSizeGreaterThan(50);
        assertThat(REPOSITORY.catalogueProblems(catalogue))
                .as("rows of docs/bad-inputs.md whose test does not exist")
                .isEmpty();
    }

    @Test
    void everyGuaranteeInTheReadmeNamesTestsThatExist() throws IOException {
        String section = DocumentChecks.section(Files.readString(RepoRoot.path().resolve("README.md")), GUARANTEES);
        assertThat(section).as("the README links the catalogue").contains("(docs/bad-inputs.md)");
        assertThat(REPOSITORY.promiseProblems(section))
                .as("promises in the README's guarantees without an existing test")
                .isEmpty();
    }

    // The checker itself, on a small repository held in memory: it must be able to fail.

    private static final String CORPUS_TEST = """
            class CorpusTest {
                @Test
                void refusesEmptyFiles() {}

                @ParameterizedTest
                @ValueSource(strings = {"a", "b"})
                void refusesBadNames(String name) {}

                void helperNamedLikeATest() {}

                @FuzzTest(maxDuration = "1m")
                void fuzzesNames(FuzzedDataProvider data) {}
            }
            """;

    private final DocumentChecks inMemory = new DocumentChecks(new TestReferences(name -> Optional.ofNullable(
            Map.of("CorpusTest", CORPUS_TEST, "WalCorpusTest", "class WalCorpusTest extends CorpusTest {}")
                    .get(name))));

    private static String table(String... rows) {
        return "## Migration files\n\n| Bad input | Seen | Exit | Test |\n|---|---|---|---|\n" + String.join("\n", rows)
                + "\n";
    }

    @Test
    void rowsThatNameRealTestMethodsPassIncludingParameterizedFuzzAndInheritedOnes() {
        String doc = table(
                "| empty file | `is empty` | 65 | `CorpusTest#refusesEmptyFiles` |",
                "| bad name | `not a migration name` | 65 | `CorpusTest#refusesBadNames`, `CorpusTest#fuzzesNames` |",
                "| empty file, WAL | `is empty` | 65 | `WalCorpusTest#refusesEmptyFiles` |");
        assertThat(DocumentChecks.rows(doc)).hasSize(3);
        assertThat(inMemory.catalogueProblems(doc)).isEmpty();
    }

    @Test
    void aRowNamingAMissingClassOrMethodOrAHelperFailsNamingTheRow() {
        String doc = table(
                "| empty file | `is empty` | 65 | `CorpusTest#refusesEmptyFiles` |",
                "| gap in versions | `gap` | 65 | `GoneTest#refusesGaps` |",
                "| duplicate | `both have version` | 65 | `CorpusTest#refusesDuplicates` |",
                "| BOM | ignored | 0 | `CorpusTest#helperNamedLikeATest` |",
                "| CRLF | ignored | 0 | `CorpusTest` as a whole |");

        List<String> problems = inMemory.catalogueProblems(doc);

        assertThat(problems)
                .containsExactly(
                        "line 6 (Migration files: gap in versions) names GoneTest#refusesGaps: no test class GoneTest"
                                + " (no GoneTest.java under any src/test/java)",
                        "line 7 (Migration files: duplicate) names CorpusTest#refusesDuplicates: CorpusTest has no test"
                                + " method refusesDuplicates (a void refusesDuplicates(...) annotated @Test,"
                                + " @ParameterizedTest, @FuzzTest, ...)",
                        "line 8 (Migration files: BOM) names CorpusTest#helperNamedLikeATest: CorpusTest has no test"
                                + " method helperNamedLikeATest (a void helperNamedLikeATest(...) annotated @Test,"
                                + " @ParameterizedTest, @FuzzTest, ...)",
                        "line 9 (Migration files: CRLF) names no test as `Class#method` in its last column; move it"
                                + " to \"Not yet covered\" if none exists");
    }

    @Test
    void rowsUnderNotYetCoveredNeedNoTest() {
        String doc = "## Not yet covered\n\n| Bad input | Why not |\n|---|---|\n| a disk that lies | no fault |\n";
        assertThat(DocumentChecks.rows(doc)).hasSize(1);
        assertThat(inMemory.catalogueProblems(doc)).isEmpty();
    }

    @Test
    void aPromiseWithoutATestOrNamingAMissingOneFails() {
        String section = GUARANTEES + "\n\n"
                + "- **Proved.** Empty files are refused (`CorpusTest#refusesEmptyFiles`,\n  `WalCorpusTest`).\n"
                + "- **Unproved.** Trust us.\n"
                + "- **Renamed.** See `OldIT` and `CorpusTest#gone`.\n"
                + "- **SQL words are not tests.** `COMMIT` and `VACUUM` are refused (`CorpusTest#refusesEmptyFiles`).\n";
        assertThat(inMemory.promiseProblems(section))
                .containsExactly(
                        "\"Unproved.\" names no test that proves it",
                        "\"Renamed.\" names OldIT: no test class OldIT (no OldIT.java under any src/test/java)",
                        "\"Renamed.\" names CorpusTest#gone: CorpusTest has no test method gone (a void gone(...)"
                                + " annotated @Test, @ParameterizedTest, @FuzzTest, ...)");
    }
}
