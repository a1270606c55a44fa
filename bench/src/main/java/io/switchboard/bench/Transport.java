package io.switchboard.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/** Epoll when the native library loads, NIO otherwise. */
public record Transport(String name, IoHandlerFactory ioHandlers, Class<? extends SocketChannel> channelClass) {

    public static Transport best() {
        if (Epoll.isAvailable()) {
            return new Transport("epoll", EpollIoHandler.newFactory(), EpollSocketChannel.class);
        }
        return new Transport("nio", NioIoHandler.newFactory(), NioSocketChannel.class);
    }

    /**
     * With epoll, binds a source address without choosing the port until connect (IP_BIND_ADDRESS_NO_PORT):
     * otherwise every bind to an explicit source address scans the ephemeral range, which makes thousands of
     * connections from one address slow.
     */
    public void deferPortChoice(Bootstrap bootstrap) {
        if (channelClass == EpollSocketChannel.class) {
            bootstrap.option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
        }
    }

    public EventLoopGroup newGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, ioHandlers);
    }
}
