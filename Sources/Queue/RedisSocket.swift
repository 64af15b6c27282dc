#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Support

/// One TCP connection with a deadline on every operation. The descriptor is non-blocking
/// and every wait goes through `poll`, so a dead peer costs at most the deadline, never a hang
/// (SO_RCVTIMEO would do for reads, but connect has no such option).
final class RedisSocket {
    let address: String
    private let fd: Int32
    /// Reused receive buffer: big enough that a multi-MB bulk string takes few reads.
    private var chunk = [UInt8](repeating: 0, count: 256 << 10)

    private init(fd: Int32, address: String) {
        self.fd = fd
        self.address = address
    }

    deinit { close(fd) }

    /// Resolves `host` and tries each address in turn until one accepts within `timeout` seconds.
    static func connect(host: String, port: Int, address: String, timeout: Double) throws(QueueError) -> RedisSocket {
        let deadline = Deadline(seconds: timeout)
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw .cannotConnect(address, "cannot resolve host '\(host)': \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        var lastReason = "no usable address"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            entry = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            guard fd >= 0 else {
                lastReason = systemError()
                continue
            }
            let connection = RedisSocket(fd: fd, address: address)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            var one: Int32 = 1
            // Pipelined commands are small writes; Nagle would hold each one back for an ACK.
            _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            _ = setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, socklen_t(MemoryLayout<Int32>.size))
            #if canImport(Darwin)
            _ = setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
            #endif
            if posixConnect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 { return connection }
            guard errno == EINPROGRESS else {
                lastReason = systemError()
                continue
            }
            do {
                guard try connection.wait(for: Int16(POLLOUT), deadline: deadline) else {
                    lastReason = "no answer within \(formatSeconds(timeout))"
                    break
                }
            } catch {
                lastReason = error.description
                continue
            }
            var soError: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            _ = getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &length)
            if soError == 0 { return connection }
            lastReason = String(cString: strerror(soError))
        }
        throw .cannotConnect(address, lastReason)
    }

    /// Writes every byte before the deadline.
    func write(_ bytes: [UInt8], deadline: Deadline, command: String) throws(QueueError) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { raw in
                #if canImport(Glibc)
                send(fd, raw.baseAddress, raw.count, Int32(MSG_NOSIGNAL))
                #else
                send(fd, raw.baseAddress, raw.count, 0)
                #endif
            }
            if n > 0 {
                offset += n
                continue
            }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
                guard try wait(for: Int16(POLLOUT), deadline: deadline) else {
                    throw .timedOut(address, command, deadline.total)
                }
                continue
            }
            throw .connectionLost(address, "write failed: \(systemError())", 0)
        }
    }

    /// Reads whatever has arrived (waiting until the deadline for the first byte) into `decoder`.
    func read(into decoder: inout RESPDecoder, deadline: Deadline, command: String) throws(QueueError) {
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                chunk.withUnsafeBytes { decoder.feed(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
                return
            }
            if n == 0 { throw .connectionLost(address, "the server closed the connection", 0) }
            if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR {
                guard try wait(for: Int16(POLLIN), deadline: deadline) else {
                    throw .timedOut(address, command, deadline.total)
                }
                continue
            }
            throw .connectionLost(address, "read failed: \(systemError())", 0)
        }
    }

    /// Waits until the socket is ready for `events`; false when the deadline passed first.
    private func wait(for events: Int16, deadline: Deadline) throws(QueueError) -> Bool {
        while true {
            let remaining = deadline.remainingMilliseconds
            if remaining <= 0 { return false }
            var pfd = pollfd(fd: fd, events: events, revents: 0)
            let r = poll(&pfd, 1, Int32(min(remaining, Int(Int32.max))))
            if r > 0 { return true }  // readiness or an error: the next send/recv reports which
            if r == 0 { continue }
            if errno == EINTR { continue }
            throw .connectionLost(address, "poll failed: \(systemError())", 0)
        }
    }
}

/// A point in monotonic time an operation must finish by.
struct Deadline {
    let end: UInt64
    let total: Double

    init(seconds: Double) {
        total = seconds
        end = MonotonicClock.nanoseconds() &+ UInt64(max(0, seconds) * 1e9)
    }

    var remainingMilliseconds: Int {
        let now = MonotonicClock.nanoseconds()
        return now >= end ? 0 : Int((end - now + 999_999) / 1_000_000)
    }
}

private func posixConnect(_ fd: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> Int32 {
    #if canImport(Glibc)
    Glibc.connect(fd, address, length)
    #else
    Darwin.connect(fd, address, length)
    #endif
}

func systemError() -> String { String(cString: strerror(errno)) }
