/// The queue's multi-key steps as Lua scripts: Redis runs a script atomically, so no other
/// client sees a job half-moved. Each is written to be safe when sent twice (the client
/// resends after a reconnect): it checks before it acts.
enum QueueScripts {
    /// KEYS: jobs, results, pending, consumed marker. ARGV: id, message.
    /// Returns 1 when queued, 0 when the id is already queued or already has a result. A
    /// queued id runs afresh, so an earlier run's consumed marker goes.
    static let enqueue = """
        if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then return 0 end
        if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
        redis.call('DEL', KEYS[4])
        redis.call('LPUSH', KEYS[3], ARGV[1])
        return 1
        """

    /// KEYS: processing, jobs, results, next jobs, next results, next pending, replies, consumed marker.
    /// ARGV: id, result, follow-up message ('' for none), reply entry ('' for none).
    /// Records the result only if none exists (a job done twice is recorded once), queues the
    /// follow-up job under the same id, and tells the coordinator. Returns 1 if this call
    /// recorded the result, 0 if another agent had already.
    static let complete = """
        redis.call('LREM', KEYS[1], 0, ARGV[1])
        if redis.call('EXISTS', KEYS[8]) == 1 then return 0 end
        if redis.call('HSETNX', KEYS[3], ARGV[1], ARGV[2]) == 0 then return 0 end
        redis.call('HDEL', KEYS[2], ARGV[1])
        if ARGV[3] ~= '' and redis.call('HEXISTS', KEYS[5], ARGV[1]) == 0
            and redis.call('HSETNX', KEYS[4], ARGV[1], ARGV[3]) == 1 then
            redis.call('LPUSH', KEYS[6], ARGV[1])
        end
        if ARGV[4] ~= '' then redis.call('LPUSH', KEYS[7], ARGV[4]) end
        return 1
        """

    /// KEYS: results, consumed marker. ARGV: id, seconds the marker lives.
    /// The coordinator has stored the result: it leaves the hash (with its model bytes), and a
    /// marker that expires keeps a late duplicate from recording it again meanwhile.
    static let consume = """
        redis.call('HDEL', KEYS[1], ARGV[1])
        redis.call('SET', KEYS[2], '1', 'EX', ARGV[2])
        return 1
        """

    /// KEYS: processing, pending, heartbeat, agents. ARGV: agent, '1' to also deregister.
    /// Puts the agent's unfinished jobs back at the taking end of the pending list, oldest
    /// first in line. Returns the ids moved.
    static let release = """
        local moved = {}
        while true do
            local id = redis.call('LPOP', KEYS[1])
            if not id then break end
            redis.call('RPUSH', KEYS[2], id)
            table.insert(moved, id)
        end
        if ARGV[2] == '1' then
            redis.call('DEL', KEYS[3])
            redis.call('SREM', KEYS[4], ARGV[1])
        end
        return moved
        """

    /// KEYS: agents, pending. ARGV: heartbeat key prefix, processing key prefix.
    /// For every registered agent whose heartbeat key has expired: move its jobs back to
    /// pending and forget the agent. Returns [agent, id, agent, id, …].
    static let requeueOrphans = """
        local moved = {}
        for _, agent in ipairs(redis.call('SMEMBERS', KEYS[1])) do
            if redis.call('EXISTS', ARGV[1] .. agent) == 0 then
                local processing = ARGV[2] .. agent
                while true do
                    local id = redis.call('LPOP', processing)
                    if not id then break end
                    redis.call('RPUSH', KEYS[2], id)
                    table.insert(moved, agent)
                    table.insert(moved, id)
                end
                redis.call('SREM', KEYS[1], agent)
            end
        end
        return moved
        """
}
