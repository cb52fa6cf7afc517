package dev.schemagate.daemon.server;

import dev.schemagate.protocol.MessageCodec;
import dev.schemagate.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One line (a frame from the line decoder) to one protocol message; garbage closes the client with an ERROR. */
final class MessageDecoder extends MessageToMessageDecoder<ByteBuf> {
    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        String line = frame.toString(StandardCharsets.UTF_8);
        try {
            out.add(MessageCodec.decode(line));
        } catch (ProtocolException e) {
            frame.skipBytes(frame.readableBytes());
            Sessions.reject(ctx.channel(), e.code(), e.getMessage());
        }
    }
}
