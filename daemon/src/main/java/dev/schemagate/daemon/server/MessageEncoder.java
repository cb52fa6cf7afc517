package dev.schemagate.daemon.server;

import dev.schemagate.protocol.Message;
import dev.schemagate.protocol.MessageCodec;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A protocol message to its line, UTF-8. One instance serves every channel.
 *
 * <p>A state change sends the same {@link Message} instance to every waiting agent (a thousand at a READY), so
 * the last encoding is kept and reused for that instance instead of being computed once per channel.
 */
@ChannelHandler.Sharable
final class MessageEncoder extends MessageToByteEncoder<Message> {
    private record Encoded(Message message, byte[] bytes) {}

    private volatile Encoded last = new Encoded(null, new byte[0]);

    @Override
    protected void encode(ChannelHandlerContext ctx, Message message, ByteBuf out) {
        Encoded cached = last;
        if (cached.message() != message) {
            cached = new Encoded(message, MessageCodec.encode(message).getBytes(StandardCharsets.UTF_8));
            last = cached;
        }
        out.writeBytes(cached.bytes());
    }
}
