package dev.schemagate.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.schemagate.daemon.lock.LockSettings;
import dev.schemagate.daemon.migrate.MigrateSettings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's client pipeline on an EmbeddedChannel: split, merged, oversized and garbage input. */
class PipelineTest {
    @TempDir
    Path dir;

    Coordinator coordinator;
    EmbeddedChannel channel;

    @BeforeEach
    void setUp() {
        // Never started: the coordinator stays STARTING, so a greeted agent just waits.
        coordinator = new Coordinator(new MigrateSettings(dir.resolve("app.db"), dir, LockSettings.DEFAULTS, false));
        channel = new EmbeddedChannel(new DaemonServerInitializer(
                coordinator,
                SessionObserver.NONE,
                new ServerSettings(dir.resolve("s.sock"), 10, Duration.ofSeconds(5)),
                new io.netty.channel.group.DefaultChannelGroup(io.netty.util.concurrent.GlobalEventExecutor.INSTANCE)));
    }

    @AfterEach
    void tearDown() {
        channel.finishAndReleaseAll();
        coordinator.close();
    }

    void feed(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    }

    List<String> written() {
        List<String> lines = new ArrayList<>();
        ByteBuf buf;
        StringBuilder all = new StringBuilder();
        while ((buf = channel.readOutbound()) != null) {
            all.append(buf.toString(StandardCharsets.UTF_8));
            buf.release();
        }
        for (String line : all.toString().split("\n")) {
            if (!line.isEmpty()) {
                lines.add(line);
            }
        }
        return lines;
    }

    @Test
    void aHelloSplitAcrossManyReadsIsOneMessage() {
        for (char c : "HELLO v=1 app=split\n".toCharArray()) {
            feed(String.valueOf(c));
        }
        assertThat(written()).containsExactly("WELCOME v=1 daemon=development", "STATE state=STARTING");
        assertThat(channel.isActive()).isTrue();
    }

    /** What a client that stopped reading looks like to the session: Netty's buffer is past its high mark. */
    void clientReads(boolean reads) {
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, reads);
        channel.runPendingTasks(); // Netty announces a user-defined writability change later, on the event loop
    }

    AgentSessionHandler session() {
        return (AgentSessionHandler) channel.pipeline().get("session");
    }

    static GateState locking(long sequence, int attempt) {
        return new GateState(
                sequence, Phase.LOCKING, null, null, dev.schemagate.protocol.Messages.locking(0, attempt, null), null);
    }

    @Test
    void aClientThatDoesNotReadGetsOnlyTheNewestStateWhenItReadsAgain() {
        feed("HELLO v=1\n");
        written();
        clientReads(false);
        for (int attempt = 1; attempt <= 1000; attempt++) {
            session().changed(locking(100 + attempt, attempt));
        }
        assertThat(written()).as("nothing buffered while it does not read").isEmpty();
        clientReads(true);
        assertThat(written()).containsExactly("STATE state=LOCKING waited_ms=0 attempt=1000");
        assertThat(channel.isActive()).isTrue();
    }

    @Test
    void aVerdictIsWrittenEvenToAClientThatDoesNotReadAndItIsClosed() {
        feed("HELLO v=1\n");
        written();
        clientReads(false);
        session().changed(locking(100, 1));
        session()
                .changed(new GateState(
                        101, Phase.READY, null, null, dev.schemagate.protocol.Messages.ready("3", 1), null));
        assertThat(written()).containsExactly("READY version=3 applied=1");
        // The close comes a short grace after the verdict is written (Sessions.CLOSE_GRACE_MILLIS).
        channel.advanceTimeBy(Sessions.CLOSE_GRACE_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void pingsFromAClientThatDoesNotReadItsPongsCloseIt() {
        feed("HELLO v=1\nPING id=1\n");
        assertThat(written()).contains("PONG id=1");
        clientReads(false);
        feed("PING id=2\n");
        assertThat(written()).isEmpty();
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void manyBadLinesInOneReadAreAnsweredAndCountedOnce() {
        List<String> codes = new ArrayList<>();
        EmbeddedChannel counted = new EmbeddedChannel(new DaemonServerInitializer(
                coordinator,
                new SessionObserver() {
                    @Override
                    public void rejected(String code) {
                        codes.add(code);
                    }
                },
                new ServerSettings(dir.resolve("s.sock"), 10, Duration.ofSeconds(5)),
                new io.netty.channel.group.DefaultChannelGroup(io.netty.util.concurrent.GlobalEventExecutor.INSTANCE)));
        counted.writeInbound(Unpooled.copiedBuffer("bad one\nbad two\nbad three\n", StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder();
        ByteBuf buf;
        while ((buf = counted.readOutbound()) != null) {
            out.append(buf.toString(StandardCharsets.UTF_8));
            buf.release();
        }
        assertThat(out.toString().lines()).singleElement().asString().startsWith("ERROR code=BAD_MESSAGE");
        assertThat(codes).containsExactly("BAD_MESSAGE");
        counted.finishAndReleaseAll();
    }

    @Test
    void mergedLinesAreHandledInOrder() {
        feed("HELLO v=1\nPING id=7\nPING id=8\n");
        assertThat(written())
                .containsExactly("WELCOME v=1 daemon=development", "STATE state=STARTING", "PONG id=7", "PONG id=8");
    }

    @Test
    void crLfFromATerminalIsAccepted() {
        feed("HELLO v=1\r\n");
        assertThat(written()).first().isEqualTo("WELCOME v=1 daemon=development");
    }

    @Test
    void anOversizedLineIsRefusedAsSoonAsTheBoundPasses() {
        feed("HELLO v=1 app=" + "x".repeat(4100));
        assertThat(written()).singleElement().asString().startsWith("ERROR code=LINE_TOO_LONG");
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void garbageIsRefusedWithBadMessage() {
        feed("hello there\n");
        assertThat(written()).singleElement().asString().startsWith("ERROR code=BAD_MESSAGE");
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void aFirstMessageOtherThanHelloIsRefused() {
        feed("PING\n");
        assertThat(written())
                .singleElement()
                .asString()
                .startsWith("ERROR code=BAD_MESSAGE message=\"the first message must be HELLO");
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void anUnsupportedVersionIsRefused() {
        feed("HELLO v=0\n");
        assertThat(written()).singleElement().asString().startsWith("ERROR code=UNSUPPORTED_VERSION");
    }

    @Test
    void aClientOfferingSeveralVersionsIsAnsweredInTheHighestWeShare() {
        feed("HELLO v=1,7\n");
        assertThat(written()).first().isEqualTo("WELCOME v=1 daemon=development");
    }

    @Test
    void aClientSpeakingOnlyANewerVersionIsToldWhichWeSpeak() {
        feed("HELLO v=7\n");
        assertThat(written())
                .singleElement()
                .asString()
                .startsWith("ERROR code=UNSUPPORTED_VERSION message=")
                .endsWith(" supported=1");
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void aBadRequiresIsRefusedNotIgnored() {
        feed("HELLO v=1 requires=latest\n");
        assertThat(written()).singleElement().asString().startsWith("ERROR code=BAD_MESSAGE message=\"requires=latest");
    }

    @Test
    void aSecondHelloIsRefused() {
        feed("HELLO v=1\nHELLO v=1\n");
        assertThat(written()).last().asString().startsWith("ERROR code=BAD_MESSAGE message=\"unexpected HELLO");
        assertThat(channel.isActive()).isFalse();
    }
}
