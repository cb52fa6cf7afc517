package dev.schemagate.daemon.server;

import dev.schemagate.protocol.Message;
import dev.schemagate.protocol.MessageCodec;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.nio.charset.StandardCharsets;

/** A protocol message to its line, UTF-8. Stateless, so one instance serves every channel. */
@ChannelHandler.Sharable
final class MessageEncoder extends MessageToByteEncoder<Message> {
    @Override
    protected void encode(ChannelHandlerContext ctx, Message message, ByteBuf out) {
        out.writeCharSequence(MessageCodec.encode(message), StandardCharsets.UTF_8);
    }
}
