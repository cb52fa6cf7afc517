package dev.schemagate.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StateFileTest {

    @Test
    void formatAndParseRoundTrip() {
        StateFile ready = StateFile.ready("1.10", 4242, 987654);
        assertThat(ready.format()).isEqualTo("READY version=1.10 pid=4242 start=987654\n");
        assertThat(StateFile.parse(ready.format())).isEqualTo(ready);
        assertThat(ready.isReady()).isTrue();
        for (String state : new String[] {"STARTING", "LOCKING", "MIGRATING", "FAILED"}) {
            StateFile other = new StateFile(state, null, 7, 8);
            assertThat(other.format()).isEqualTo(state + " pid=7 start=8\n");
            assertThat(StateFile.parse(other.format())).isEqualTo(other);
            assertThat(other.isReady()).isFalse();
            assertThat(other.satisfies("1")).isFalse();
        }
    }

    @Test
    void livesBesideTheSocket() {
        assertThat(StateFile.pathFor(Path.of("/run/schemagate/schemagate.sock")))
                .isEqualTo(Path.of("/run/schemagate/schemagate.sock.state"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "READY version=1 pid=1 start=1", // no LF: a torn write
                "READY version=1 pid=1 start=1\n\n",
                "READY version=1 pid=1 start=1\nREADY version=2 pid=1 start=1\n",
                "FAILED version=1 pid=1 start=1\n",
                "READY pid=1 start=1\n",
                "WAITING pid=1 start=1\n",
                "LOCKING pid=1\n",
                "READY version=1 pid=0 start=1\n",
                "READY version=1 pid=-3 start=1\n",
                "READY version=1 pid=12 start=x\n",
                "READY version= pid=12 start=1\n",
                "READY version=1..2 pid=12 start=1\n",
                "READY version=a pid=12 start=1\n",
                "READY  version=1 pid=12 start=1\n",
                "READY pid=12 version=1 start=1\n",
                "READY version=1 pid=99999999999999999999 start=1\n",
            })
    void anythingButOneWellFormedReadyLineIsRejected(String text) {
        assertThat(StateFile.parse(text)).isNull();
    }

    @ParameterizedTest
    @CsvSource({
        "5, 5, true",
        "5, 4, true",
        "4, 5, false",
        "1.10, 1.9, true",
        "1.9, 1.10, false",
        "10, 9, true",
        "1.0, 1, true",
        "1, 1.0, true",
        "1, 1.0.1, false",
        "2_1, 2.1, true",
        "0007, 7, true",
        "123456789012345678901234567890, 123456789012345678901234567889, true",
        "3, x, false",
        "3, '', false",
    })
    void satisfiesComparesVersionsNumerically(String have, String requires, boolean expected) {
        assertThat(StateFile.ready(have, 1, 1).satisfies(requires)).isEqualTo(expected);
    }

    @Test
    void startTimeOfThisProcessMatchesProcStatField22() throws Exception {
        long pid = ProcessHandle.current().pid();
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] afterName = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        assertThat(StateFile.startTimeOf(pid)).isEqualTo(Long.parseLong(afterName[19]));
        assertThat(StateFile.startTimeOf(pid)).isPositive();
    }

    @Test
    void startTimeOfAProcessThatDoesNotExistIsMinusOne() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        assertThat(StateFile.startTimeOf(p.pid())).isEqualTo(-1);
    }

    @Test
    void startTimeCountsFieldsFromTheLastParenthesisOfTheCommandName() throws Exception {
        // A command name with spaces and ')' must not shift the fields.
        Path dir = Files.createTempDirectory("rf");
        Path script = dir.resolve("a) b (c");
        Files.copy(Path.of("/bin/sleep"), script);
        script.toFile().setExecutable(true);
        Process p = new ProcessBuilder(script.toString(), "30").start();
        try {
            String stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
            assertThat(stat).contains("(a) b (c)");
            String[] afterName = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            assertThat(StateFile.startTimeOf(p.pid())).isEqualTo(Long.parseLong(afterName[19]));
        } finally {
            p.destroyForcibly().waitFor();
            Files.delete(script);
            Files.delete(dir);
        }
    }

    @Test
    void readSmallReadsAWholeSmallFileAndRefusesABigOne(@TempDir Path dir) throws Exception {
        Path small = Files.writeString(dir.resolve("s.state"), "READY version=3 pid=1 start=2\n");
        assertThat(StateFile.readSmall(small)).isEqualTo("READY version=3 pid=1 start=2\n");
        Path exact = Files.write(dir.resolve("exact"), new byte[StateFile.SMALL_FILE_MAX]);
        assertThat(StateFile.readSmall(exact)).hasSize(StateFile.SMALL_FILE_MAX);
        Path big = Files.write(dir.resolve("big"), new byte[StateFile.SMALL_FILE_MAX + 1]);
        assertThatThrownBy(() -> StateFile.readSmall(big))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("more than 4096 bytes");
    }
}
