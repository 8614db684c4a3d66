package dev.weft.gateway.scheduler;

import dev.weft.gateway.engine.EngineClient;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Clients of announced engines whose endpoint changed: they may still carry a call
 * in flight, so they are closed later, oldest first, when more than a few are kept.
 */
final class RetiredClients implements AutoCloseable {
    private static final int MAX_RETIRED = 16;
    private final Deque<EngineClient> clients = new ArrayDeque<>();

    synchronized void retire(EngineClient client) {
        clients.addLast(client);
        if (clients.size() > MAX_RETIRED) {
            clients.removeFirst().close();
        }
    }

    @Override
    public synchronized void close() {
        clients.forEach(EngineClient::close);
        clients.clear();
    }
}
