import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypes

/// HTTP/1.1 connections whose requests must arrive whole (head and body) within `timeout` of
/// their first byte: a client that sends half a request and stalls, or trickles it, is cut off
/// instead of holding a connection for ever. Idle keep-alive connections are closed after
/// `idleTimeout` by Hummingbird itself.
struct RequestDeadline: Sendable {
    var timeout: Duration
    var idleTimeout: Duration

    /// The server builder for `Application(server:)`.
    var server: HTTPServerBuilder {
        let deadline = self
        return HTTPServerBuilder { responder in
            Channel(
                base: HTTP1Channel(
                    responder: responder,
                    configuration: .init(additionalChannelHandlers: [RequestEndHandler()], idleTimeout: .init(deadline.idleTimeout))),
                timeout: .init(deadline.timeout))
        }
    }

    /// HTTP/1.1 with the deadline in front of the HTTP decoder, where the first byte is seen.
    struct Channel: ServerChildChannel, HTTPChannelHandler {
        typealias Value = HTTP1Channel.Value
        let base: HTTP1Channel
        let timeout: TimeAmount

        var responder: Responder { base.responder }

        func setup(channel: any NIOCore.Channel, logger: Logger) -> EventLoopFuture<Value> {
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(FirstByteHandler(timeout: timeout, logger: logger))
            }.flatMap { base.setup(channel: channel, logger: logger) }
        }

        func handle(value: Value, logger: Logger) async {
            await base.handle(value: value, logger: logger)
        }
    }

    /// Told by `RequestEndHandler` that a request was read to its end.
    struct RequestRead {}

    /// Starts the clock on the first byte of a request and closes the connection when the
    /// request is not read whole in time.
    final class FirstByteHandler: ChannelDuplexHandler, RemovableChannelHandler {
        typealias InboundIn = ByteBuffer
        typealias InboundOut = ByteBuffer
        typealias OutboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        let timeout: TimeAmount
        let logger: Logger
        private var timer: Scheduled<Void>?

        init(timeout: TimeAmount, logger: Logger) {
            self.timeout = timeout
            self.logger = logger
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            if timer == nil {
                let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
                let logger = logger
                timer = context.eventLoop.scheduleTask(in: timeout) {
                    logger.debug("closing a connection whose request did not arrive in time")
                    loopBound.value.close(promise: nil)
                }
            }
            context.fireChannelRead(data)
        }

        func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
            guard event is RequestRead else { return context.triggerUserOutboundEvent(event, promise: promise) }
            timer?.cancel()
            timer = nil
            promise?.succeed()
        }

        func channelInactive(context: ChannelHandlerContext) {
            timer?.cancel()
            timer = nil
            context.fireChannelInactive()
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
