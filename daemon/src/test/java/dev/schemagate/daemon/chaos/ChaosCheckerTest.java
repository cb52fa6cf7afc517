package dev.schemagate.daemon.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chaos checker can fail: each broken invariant, written into a log by hand, is reported. */
class ChaosCheckerTest {
    @TempDir
    Path logs;

    @BeforeEach
    void aCleanRun() throws Exception {
        events(
                "ready daemon=100 version=2 at=1000",
                "launched worker=1 requires=2 at=900",
                "ended worker=1 exit=0 at=1500");
        worker("1", "worker=1 requires=2 main_at=1200 history=1,2 tables=t1,t2,u1,u2 probes=" + probes(2));
    }

    @Test
    void aCleanRunHasNoViolations() throws Exception {
        assertThat(check(List.of("1", "2"), 2)).isEmpty();
    }

    @Test
    void aWorkerThatRanBeforeItsVersionWasCommitted() throws Exception {
        worker("1", "worker=1 requires=2 main_at=1200 history=1 tables=t1,u1 probes=" + probes(1));
        assertThat(check(List.of("1", "2"), 2))
                .singleElement()
                .asString()
                .contains("ran main() at version 1 before version 2");
    }

    @Test
    void aWorkerThatSawHalfAMigration() throws Exception {
        worker(
                "1",
                "worker=1 requires=2 main_at=1200 history=1,2 tables=t1,t2,u1 probes=t1:" + ChaosCorpus.expectedSum(1)
                        + ",t2:" + ChaosCorpus.expectedSum(2) + ",u1:1");
        assertThat(check(List.of("1", "2"), 2)).singleElement().asString().contains("half a schema");
    }

    @Test
    void aWrongProbe() throws Exception {
        worker(
                "1",
                "worker=1 requires=2 main_at=1200 history=1,2 tables=t1,t2,u1,u2 probes=t1:1,t2:"
                        + ChaosCorpus.expectedSum(2) + ",u1:1,u2:2");
        assertThat(check(List.of("1", "2"), 2)).singleElement().asString().contains("read 1 from t1");
    }

    @Test
    void aMigrationAppliedTwice() throws Exception {
        assertThat(check(List.of("1", "2", "2"), 2))
                .anySatisfy(v -> assertThat(v).contains("twice"));
    }

    @Test
    void aBadIntegrityCheckAfterAKill() throws Exception {
        events("kill target=daemon pid=100 at=1000 integrity=database_disk_image_is_malformed");
        assertThat(check(List.of("1", "2"), 2)).singleElement().asString().contains("integrity_check after killing");
    }

    @Test
    void aWorkerThatTimedOutWhileADaemonWasReady() throws Exception {
        // Daemon 100 has been READY at 2 since 1000 (see aCleanRun) and is never stopped.
        events("launched worker=2 requires=2 at=2000", "ended worker=2 exit=75 at=62000");
        assertThat(check(List.of("1", "2"), 2))
                .singleElement()
                .asString()
                .contains("worker 2 (requires 2) exited 75 although daemon pid 100 was READY");
    }

    @Test
    void aWorkerThatTimedOutWhileNoDaemonWasReadyIsNoViolation() throws Exception {
        events(
                "unready daemon=100 at=1600 reason=kill",
                "launched worker=2 requires=2 at=2000",
                "ended worker=2 exit=75 at=62000");
        assertThat(check(List.of("1", "2"), 2)).isEmpty();
    }

    @Test
    void aReleasedWorkerWithoutALog() throws Exception {
        events("launched worker=3 requires=1 at=2000", "ended worker=3 exit=0 at=3000");
        assertThat(check(List.of("1", "2"), 2)).singleElement().asString().contains("wrote no log");
    }

    private List<String> check(List<String> history, int version) throws Exception {
        return new ChaosChecker().check(logs, history, version);
    }

    private static String probes(int version) {
        StringBuilder sb = new StringBuilder();
        for (int k = 1; k <= version; k++) {
            sb.append(k == 1 ? "" : ",").append("t").append(k).append(":").append(ChaosCorpus.expectedSum(k));
        }
        for (int k = 1; k <= version; k++) {
            sb.append(",u").append(k).append(":").append(k);
        }
        return sb.toString();
    }

    private void events(String... lines) throws Exception {
        Files.writeString(
                logs.resolve("events.log"),
                String.join("\n", lines) + "\n",
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    private void worker(String id, String line) throws Exception {
        Files.writeString(logs.resolve("worker-" + id + ".log"), line + "\n");
    }
}
