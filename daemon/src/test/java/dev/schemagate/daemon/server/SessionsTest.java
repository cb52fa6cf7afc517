package dev.schemagate.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.schemagate.protocol.ErrorCodes;
import dev.schemagate.protocol.Messages;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SessionsTest {
    @Test
    void aVerdictIsWrittenAtOnceAndItsConnectionClosedOnlyAfterTheWorkAlreadyQueuedOnItsLoop() {
        EmbeddedChannel channel = new EmbeddedChannel(new MessageEncoder());
        // Work already queued on the loop, as the other sessions' verdicts are during a READY fan-out.
        boolean[] queuedWorkRan = new boolean[1];
        channel.eventLoop().execute(() -> queuedWorkRan[0] = channel.isOpen());

        ChannelFuture written = Sessions.writeAndClose(channel, Messages.ready("3", 3));

        assertThat(written.isSuccess()).isTrue();
        ByteBuf line = channel.readOutbound();
        assertThat(line.toString(StandardCharsets.UTF_8)).isEqualTo("READY version=3 applied=3\n");
        line.release();
        assertThat(channel.isOpen())
                .as("closed in a task of its own, not inside the write")
                .isTrue();
        channel.runPendingTasks();
        assertThat(queuedWorkRan[0])
                .as("the queued work ran first, with the channel still open")
                .isTrue();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aVerdictIsWrittenAtTheFlushAndItsConnectionClosedOnlyAfterTheGrace() {
        EmbeddedChannel channel = new EmbeddedChannel(new MessageEncoder());
        channel.freezeTime();

        ChannelFuture written = Sessions.writeVerdict(channel, Messages.ready("3", 3));
        assertThat(written.isDone()).as("nothing is written before the flush").isFalse();
        channel.flush();
        Sessions.lingerUntilWritten(channel, written);

        assertThat(written.isSuccess()).isTrue();
        ByteBuf line = channel.readOutbound();
        assertThat(line.toString(StandardCharsets.UTF_8)).isEqualTo("READY version=3 applied=3\n");
        line.release();
        channel.runPendingTasks();
        assertThat(channel.isOpen())
                .as("still open once the loop's queued work has run: the other verdicts go first")
                .isTrue();
        channel.advanceTimeBy(Sessions.CLOSE_GRACE_MILLIS - 1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isTrue();
        channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).as("closed once the grace has passed").isFalse();
    }

    @Test
    void nothingFollowsAVerdictNotEvenTheErrorOfAStoppingDaemon() {
        EmbeddedChannel channel = new EmbeddedChannel(new MessageEncoder());
        channel.freezeTime();
        ChannelFuture written = Sessions.writeVerdict(channel, Messages.ready("3", 3));
        channel.flush();
        Sessions.lingerUntilWritten(channel, written);
        ByteBuf line = channel.readOutbound();
        line.release();

        Sessions.reject(channel, ErrorCodes.SHUTTING_DOWN, "the daemon is stopping");
        channel.runPendingTasks();

        assertThat((Object) channel.readOutbound()).as("no line after READY").isNull();
        channel.advanceTimeBy(Sessions.CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).as("the verdict's close still comes").isFalse();
    }
}
