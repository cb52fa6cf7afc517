package dev.schemagate.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The wire bytes are the contract: messages built in code must encode to the fixtures exactly. */
class GoldenFixtureTest {

    /** Quotes, a backslash, LF, tab, CR, C1, NUL, ESC and DEL, beside characters that need nothing. */
    private static final String TRICKY_MESSAGE = "a=b%10% \"q\" C:\\dir\nnext\tline\r\u0085\u0000\u001B[31m\u007Fend";

    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of("hello.txt", Messages.hello("orders-api", 1234, "5.2")),
                Arguments.of("hello-minimal.txt", Messages.hello(null, -1, null)),
                Arguments.of("welcome.txt", Messages.welcome(1, "0.1.0")),
                Arguments.of("state-starting.txt", Messages.starting()),
                Arguments.of("state-locking.txt", Messages.locking(1200, 3, "pid 4242 (java -jar app.jar)")),
                Arguments.of("state-migrating.txt", Messages.migrating(2, 5, "V2__add users.sql", "2")),
                Arguments.of("ready.txt", Messages.ready("5.2", 3)),
                Arguments.of(
                        "failed.txt",
                        Messages.failed(
                                ErrorCodes.MIGRATION_FAILED,
                                "V3__add users.sql",
                                4,
                                "no such table: user",
                                "Fix the file and reload the daemon (systemctl reload schemagate)")),
                Arguments.of("waiting.txt", Messages.waiting(ErrorCodes.REQUIRES_UNKNOWN, "9", "5.2")),
                Arguments.of(
                        "error-unsupported.txt",
                        Messages.error(ErrorCodes.UNSUPPORTED_VERSION, "no common protocol version")
                                .with(Fields.SUPPORTED, "1")),
                Arguments.of("ping.txt", Messages.ping("7")),
                Arguments.of("pong.txt", Messages.pong("7")),
                Arguments.of(
                        "failed-tricky.txt",
                        Messages.failed(
                                ErrorCodes.BAD_MIGRATION_FILES,
                                "V4__caf\u00e9 \uD83D\uDE00.sql",
                                -1,
                                TRICKY_MESSAGE,
                                null)),
                Arguments.of(
                        "failed-sqlite.txt",
                        Messages.failed(
                                ErrorCodes.MIGRATION_FAILED,
                                "V2__broken.sql",
                                2,
                                "migration V2__broken.sql failed at line 2: no such table: nope (SQLITE_ERROR)\n"
                                        + "  statement: INSERT INTO nope VALUES (1)",
                                "fix V2__broken.sql (line 2) and run schemagate again")),
                Arguments.of(
                        "state-migrating-bare.txt", Messages.migrating(1, 1, "V4__caf\u00e9\uD83D\uDE00=x.sql", "4")),
                Arguments.of(
                        "failed-quote-first.txt",
                        Messages.failed(ErrorCodes.LOCK_TIMEOUT, null, -1, "\"orders\" is locked", "")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void encodesByteForByte(String fixture, Message message) throws IOException {
        assertThat(MessageCodec.encode(message).getBytes(StandardCharsets.UTF_8))
                .isEqualTo(bytes(fixture));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void decodesToTheSameMessage(String fixture, Message message) throws Exception {
        assertThat(MessageCodec.decode(new String(bytes(fixture), StandardCharsets.UTF_8)))
                .isEqualTo(message);
    }

    @Test
    void helloFieldsDecode() throws Exception {
        Message m = MessageCodec.decode(text("hello.txt"));
        assertThat(m.type()).isEqualTo(MessageTypes.HELLO);
        assertThat(m.require(Fields.V)).isEqualTo("1");
        assertThat(m.get(Fields.APP)).isEqualTo("orders-api");
        assertThat(m.requireLong(Fields.PID)).isEqualTo(1234L);
        assertThat(m.get(Fields.REQUIRES)).isEqualTo("5.2");
        assertThat(m.size()).isEqualTo(4);
        assertThat(m.key(3)).isEqualTo(Fields.REQUIRES);
    }

    @Test
    void minimalHelloHasOnlyTheVersion() throws Exception {
        Message m = MessageCodec.decode(text("hello-minimal.txt"));
        assertThat(m.size()).isEqualTo(1);
        assertThat(m.get(Fields.APP)).isNull();
        assertThat(m.get(Fields.APP, "unnamed")).isEqualTo("unnamed");
        assertThat(m.getLong(Fields.PID, -1)).isEqualTo(-1L);
    }

    @Test
    void migratingFieldsDecode() throws Exception {
        Message m = MessageCodec.decode(text("state-migrating.txt"));
        assertThat(m.type()).isEqualTo(MessageTypes.STATE);
        assertThat(m.require(Fields.STATE)).isEqualTo(States.MIGRATING);
        assertThat(m.requireLong(Fields.STEP)).isEqualTo(2L);
        assertThat(m.requireLong(Fields.OF)).isEqualTo(5L);
        assertThat(m.require(Fields.FILE)).isEqualTo("V2__add users.sql");
        assertThat(m.require(Fields.VERSION)).isEqualTo("2");
    }

    @Test
    void lockingFieldsDecode() throws Exception {
        Message m = MessageCodec.decode(text("state-locking.txt"));
        assertThat(m.require(Fields.STATE)).isEqualTo(States.LOCKING);
        assertThat(m.requireLong(Fields.WAITED_MS)).isEqualTo(1200L);
        assertThat(m.requireLong(Fields.ATTEMPT)).isEqualTo(3L);
        assertThat(m.require(Fields.HOLDER)).isEqualTo("pid 4242 (java -jar app.jar)");
    }

    @Test
    void failedFieldsDecodeAndMapToAnExitCode() throws Exception {
        Message m = MessageCodec.decode(text("failed.txt"));
        assertThat(m.require(Fields.CODE)).isEqualTo("MIGRATION_FAILED");
        assertThat(m.require(Fields.FILE)).isEqualTo("V3__add users.sql");
        assertThat(m.requireLong(Fields.LINE)).isEqualTo(4L);
        assertThat(m.require(Fields.MESSAGE)).isEqualTo("no such table: user");
        assertThat(m.get(Fields.ACTION)).isEqualTo("Fix the file and reload the daemon (systemctl reload schemagate)");
        assertThat(ExitCodes.forFailure(m.require(Fields.CODE))).isEqualTo(70);
    }

    @Test
    void trickyValuesDecode() throws Exception {
        Message m = MessageCodec.decode(text("failed-tricky.txt"));
        assertThat(m.require(Fields.FILE)).isEqualTo("V4__caf\u00e9 \uD83D\uDE00.sql");
        assertThat(m.require(Fields.MESSAGE)).isEqualTo(TRICKY_MESSAGE);
        assertThat(m.has(Fields.LINE)).isFalse();
    }

    @Test
    void sqliteFailureReadsAsTextAndDecodes() throws Exception {
        Message m = MessageCodec.decode(text("failed-sqlite.txt"));
        assertThat(m.require(Fields.MESSAGE))
                .isEqualTo("migration V2__broken.sql failed at line 2: no such table: nope (SQLITE_ERROR)\n"
                        + "  statement: INSERT INTO nope VALUES (1)");
        assertThat(m.get(Fields.ACTION)).isEqualTo("fix V2__broken.sql (line 2) and run schemagate again");
        assertThat(m.require(Fields.FILE)).isEqualTo("V2__broken.sql");
    }

    @Test
    void bareValueMayHoldEqualsAndNonAscii() throws Exception {
        Message m = MessageCodec.decode(text("state-migrating-bare.txt"));
        assertThat(m.require(Fields.FILE)).isEqualTo("V4__caf\u00e9\uD83D\uDE00=x.sql");
    }

    @Test
    void valueStartingWithAQuoteAndEmptyValueAreQuoted() throws Exception {
        Message m = MessageCodec.decode(text("failed-quote-first.txt"));
        assertThat(m.require(Fields.MESSAGE)).isEqualTo("\"orders\" is locked");
        assertThat(m.get(Fields.ACTION)).isEmpty();
    }

    @Test
    void readyWaitingWelcomeFieldsDecode() throws Exception {
        Message ready = MessageCodec.decode(text("ready.txt"));
        assertThat(ready.require(Fields.VERSION)).isEqualTo("5.2");
        assertThat(ready.requireLong(Fields.APPLIED)).isEqualTo(3L);
        Message waiting = MessageCodec.decode(text("waiting.txt"));
        assertThat(waiting.require(Fields.REASON)).isEqualTo("REQUIRES_UNKNOWN");
        assertThat(waiting.require(Fields.REQUIRES)).isEqualTo("9");
        assertThat(waiting.require(Fields.AVAILABLE)).isEqualTo("5.2");
        Message welcome = MessageCodec.decode(text("welcome.txt"));
        assertThat(welcome.requireLong(Fields.V)).isEqualTo(1L);
        assertThat(welcome.require(Fields.DAEMON)).isEqualTo("0.1.0");
        Message error = MessageCodec.decode(text("error-unsupported.txt"));
        assertThat(error.require(Fields.CODE)).isEqualTo("UNSUPPORTED_VERSION");
        assertThat(error.require(Fields.SUPPORTED)).isEqualTo("1");
    }

    @Test
    void everyFixtureIsOneLineEndingInNewline() throws IOException {
        for (Arguments a : (Iterable<Arguments>) fixtures()::iterator) {
            String text = text((String) a.get()[0]);
            assertThat(text).endsWith("\n");
            assertThat(text.indexOf('\n')).isEqualTo(text.length() - 1);
        }
    }

    private static String text(String fixture) throws IOException {
        return new String(bytes(fixture), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String fixture) throws IOException {
        try (InputStream in = GoldenFixtureTest.class.getResourceAsStream("/golden/" + fixture)) {
            assertThat(in).as("fixture %s", fixture).isNotNull();
            return in.readAllBytes();
        }
    }
}
