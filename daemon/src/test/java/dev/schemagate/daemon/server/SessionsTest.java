package dev.schemagate.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.schemagate.protocol.Messages;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
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
}
