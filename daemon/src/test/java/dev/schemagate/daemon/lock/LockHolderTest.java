package dev.schemagate.daemon.lock;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Naming a lock holder from its pid and /proc/PID/cmdline. */
class LockHolderTest {

    @Test
    void describesPidAndCommand() {
        LockHolder holder = new LockHolder(4242, "sqlite3 /tmp/app.db");
        assertThat(holder.describe()).isEqualTo("pid 4242 (sqlite3 /tmp/app.db)");
        assertThat(holder).hasToString("pid 4242 (sqlite3 /tmp/app.db)");
    }

    @Test
    void nulSeparatorsBecomeSpacesAndTrailingNulIsTrimmed() {
        byte[] raw = "sqlite3\0/tmp/app.db\0".getBytes(StandardCharsets.UTF_8);
        assertThat(LockHolder.commandLineFrom(raw)).isEqualTo("sqlite3 /tmp/app.db");
    }

    @Test
    void controlCharactersCannotBreakTheErrorLine() {
        byte[] raw = "evil\nname\0arg\0".getBytes(StandardCharsets.UTF_8);
        assertThat(LockHolder.commandLineFrom(raw)).isEqualTo("evil name arg");
    }

    @Test
    void emptyCommandLineIsUnknown() {
        assertThat(LockHolder.commandLineFrom(new byte[0])).isEqualTo("unknown command");
        assertThat(LockHolder.commandLineFrom(new byte[] {0, 0})).isEqualTo("unknown command");
    }

    @Test
    void longCommandLineIsCapped() {
        String line = LockHolder.commandLineFrom("x".repeat(5000).getBytes(StandardCharsets.UTF_8));
        assertThat(line).isEqualTo("x".repeat(200) + "...");
    }

    @Test
    void readsOwnCommandLineFromProc() {
        long self = ProcessHandle.current().pid();
        LockHolder holder = LockHolder.of(self);
        assertThat(holder.pid()).isEqualTo(self);
        assertThat(holder.commandLine()).contains("java");
    }

    @Test
    void vanishedProcessHasUnknownCommand() {
        // Linux pids never exceed 2^22, so this pid cannot exist.
        assertThat(LockHolder.of(Integer.MAX_VALUE)).isEqualTo(new LockHolder(Integer.MAX_VALUE, "unknown command"));
    }
}
