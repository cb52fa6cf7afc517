package dev.schemagate.daemon.server;

import dev.schemagate.protocol.Message;
import dev.schemagate.protocol.MessageCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A protocol message to its line, UTF-8. One instance serves every channel.
 *
 * <p>A state change sends the same {@link Message} instance to every waiting agent (a thousand at a READY), so
 * the last encoding is kept in one direct buffer and every channel is given a view of it: no buffer is allocated or
 * copied per channel. The buffer cannot be released by a channel (its memory goes with the garbage collector).
 */
@ChannelHandler.Sharable
final class MessageEncoder extends MessageToMessageEncoder<Message> {
    private record Encoded(Message message, ByteBuf bytes) {}

    private volatile Encoded last = new Encoded(null, Unpooled.EMPTY_BUFFER);

    MessageEncoder() {
        super(Message.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Message message, List<Object> out) {
        Encoded cached = last;
        if (cached.message() != message) {
            byte[] bytes = MessageCodec.encode(message).getBytes(StandardCharsets.UTF_8);
            ByteBuffer direct =
                    ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
            cached = new Encoded(message, Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(direct)));
            last = cached;
        }
        out.add(cached.bytes().duplicate());
    }
}
