import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypes

/// HTTP/1.1 connections that cannot be held for free:
/// - a new connection must send its first byte within `firstByteTimeout`;
/// - each request must arrive whole (head and body) within `timeout` of its first byte, a
///   pipelined request's clock starting when the one before it ends;
/// - one client address holds at most `perAddress` connections (`ClientConnections`);
/// - an idle keep-alive connection is closed after `idleTimeout` by Hummingbird itself.
struct RequestDeadline: Sendable {
    var timeout: Duration
    var idleTimeout: Duration
    var firstByteTimeout: Duration
    var perAddress: ClientConnections

    /// The server builder for `Application(server:)`.
    var server: HTTPServerBuilder {
        let deadline = self
        return HTTPServerBuilder { responder in
            Channel(
                base: HTTP1Channel(
                    responder: responder,
                    configuration: .init(additionalChannelHandlers: [RequestEndHandler()], idleTimeout: .init(deadline.idleTimeout))),
                timeout: .init(deadline.timeout), firstByteTimeout: .init(deadline.firstByteTimeout), perAddress: deadline.perAddress)
        }
    }

    /// HTTP/1.1 with the deadlines in front of the HTTP decoder, where bytes are first seen.
    struct Channel: ServerChildChannel, HTTPChannelHandler {
        typealias Value = HTTP1Channel.Value
        let base: HTTP1Channel
        let timeout: TimeAmount
        let firstByteTimeout: TimeAmount
        let perAddress: ClientConnections

        var responder: Responder { base.responder }

        func setup(channel: any NIOCore.Channel, logger: Logger) -> EventLoopFuture<Value> {
            guard perAddress.admit(channel) else {
                logger.debug("closing a connection over its address's cap")
                return channel.close().flatMapThrowing { throw ChannelError.inputClosed }
            }
            return channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(
                    FirstByteHandler(timeout: timeout, firstByteTimeout: firstByteTimeout, logger: logger))
            }.flatMap { base.setup(channel: channel, logger: logger) }
        }

        func handle(value: Value, logger: Logger) async {
            await base.handle(value: value, logger: logger)
        }
    }

    /// Told by `RequestEndHandler` that a request was read to its end.
    struct RequestRead {}

    /// Closes the connection when its first byte, or a request, does not arrive in time.
    final class FirstByteHandler: ChannelDuplexHandler, RemovableChannelHandler {
        typealias InboundIn = ByteBuffer
        typealias InboundOut = ByteBuffer
        typealias OutboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        let timeout: TimeAmount
        let firstByteTimeout: TimeAmount
        let logger: Logger
        private var timer: Scheduled<Void>?
        private var seenByte = false
        /// Whether the bytes being handed on are followed by more of the same read.
        private var moreFollow = false
        /// Whether a request ended with more of its read still to come: the next has begun.
        private var nextBegun = false

        init(timeout: TimeAmount, firstByteTimeout: TimeAmount, logger: Logger) {
            self.timeout = timeout
            self.firstByteTimeout = firstByteTimeout
            self.logger = logger
        }

        func handlerAdded(context: ChannelHandlerContext) {
            arm(context, firstByteTimeout, "closing a connection that sent nothing in time")
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            if !seenByte {
                seenByte = true
                timer?.cancel()
                timer = nil
            }
            if timer == nil { arm(context, timeout, "closing a connection whose request did not arrive in time") }
            var bytes = unwrapInboundIn(data)
            // The last byte goes on its own: a request that ends before it leaves bytes of the
            // next one (pipelined), whose clock starts now rather than at a byte yet to come.
            guard bytes.readableBytes > 1, let head = bytes.readSlice(length: bytes.readableBytes - 1) else {
                return context.fireChannelRead(data)
            }
            moreFollow = true
            context.fireChannelRead(wrapInboundOut(head))
            moreFollow = false
            if nextBegun, timer == nil { arm(context, timeout, "closing a connection whose pipelined request did not arrive in time") }
            nextBegun = false
            context.fireChannelRead(wrapInboundOut(bytes))
        }

        func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
            guard event is RequestRead else { return context.triggerUserOutboundEvent(event, promise: promise) }
            timer?.cancel()
            timer = nil
            if moreFollow { nextBegun = true }
            promise?.succeed()
        }

        func channelInactive(context: ChannelHandlerContext) {
            timer?.cancel()
            timer = nil
            context.fireChannelInactive()
        }

        private func arm(_ context: ChannelHandlerContext, _ delay: TimeAmount, _ reason: String) {
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            let logger = logger
            timer = context.eventLoop.scheduleTask(in: delay) {
                logger.debug("\(reason)")
                loopBound.value.close(promise: nil)
            }
        }
    }

    /// Sees decoded requests end, and tells `FirstByteHandler`.
    final class RequestEndHandler: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = HTTPRequestPart
        typealias InboundOut = HTTPRequestPart

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            if case .end = unwrapInboundIn(data) { context.triggerUserOutboundEvent(RequestRead(), promise: nil) }
            context.fireChannelRead(data)
        }
    }
}
