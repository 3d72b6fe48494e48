package moodstream.streamer.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * {@code /health} (alive: the Streams client has not failed or stopped), {@code /ready}
 * (running: partitions assigned and processing) and {@code /metrics} (Prometheus text).
 * The JDK's own HTTP server: three plain GET endpoints need no web framework.
 */
public final class HealthServer implements AutoCloseable {
    private final HttpServer server;

    public HealthServer(int port, Supplier<KafkaStreams.State> state, PrometheusMeterRegistry registry) throws IOException {
        server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/health", exchange -> {
            KafkaStreams.State s = state.get();
            boolean alive = s != KafkaStreams.State.ERROR && s != KafkaStreams.State.NOT_RUNNING
                    && s != KafkaStreams.State.PENDING_ERROR;
            reply(exchange, alive ? 200 : 503, "text/plain", s.name());
        });
        server.createContext("/ready", exchange -> {
            KafkaStreams.State s = state.get();
            reply(exchange, s == KafkaStreams.State.RUNNING ? 200 : 503, "text/plain", s.name());
        });
        server.createContext("/metrics", exchange ->
                reply(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "moodstream-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** The bound port (useful when 0 asked for a free one). */
    public int port() {
        return server.getAddress().getPort();
    }

    private static void reply(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
