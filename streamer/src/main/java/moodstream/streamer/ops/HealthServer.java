package moodstream.streamer.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import moodstream.streamer.labeling.ModelSlot;
import moodstream.streamer.reload.ModelReloader;
import org.apache.kafka.streams.KafkaStreams;

/**
 * {@code /health} (alive: the Streams client has not failed or stopped), {@code /ready}
 * (running: partitions assigned and processing), {@code /metrics} (Prometheus text),
 * {@code GET /model} (the model serving, as JSON), {@code POST /model/reload} (load the model
 * file again: 200 when reloaded or unchanged, 409 with the reason when refused), and a live
 * status page at {@code /} (status.html, which polls {@code /status.json}).
 * The JDK's own HTTP server: a handful of plain endpoints need no web framework.
 */
public final class HealthServer implements AutoCloseable {
    private static final String JSON = "application/json";
    private static final ObjectMapper JSON_MAPPER = new ObjectMapper();
    private final HttpServer server;

    /**
     * @param streams  the app's client, for its state and its consumers' lag
     * @param topic    the input topic, whose lag the status page shows
     */
    public HealthServer(int port, KafkaStreams streams, String topic, PrometheusMeterRegistry registry, ModelSlot models,
                        ModelReloader reloader) throws IOException {
        Supplier<KafkaStreams.State> state = streams::state;
        StatusReport status = new StatusReport(state, streams::metrics, registry, models, java.time.Instant.now(), topic);
        byte[] page;
        try (var in = HealthServer.class.getResourceAsStream("status.html")) {
            page = in.readAllBytes();
        }
        server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/", exchange -> {
            if (exchange.getRequestURI().getPath().equals("/")) {
                reply(exchange, 200, "text/html; charset=utf-8", new String(page, StandardCharsets.UTF_8));
            } else {
                reply(exchange, 404, "text/plain", "no " + exchange.getRequestURI().getPath());
            }
        });
        server.createContext("/status.json", exchange -> reply(exchange, 200, JSON, JSON_MAPPER.writeValueAsString(status.now())));
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
        server.createContext("/model", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/model") && method.equals("GET")) {
                ModelSlot.Served s = models.peek();
                reply(exchange, 200, JSON, JSON_MAPPER.writeValueAsString(Map.of("model", s.model(), "loaded_at", s.loadedAt().toString())));
            } else if (path.equals("/model/reload") && method.equals("POST")) {
                ModelReloader.Result r = reloader.reload();
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("outcome", r.outcome().name().toLowerCase(Locale.ROOT));
                body.put("model", r.model());
                if (r.reason() != null) {
                    body.put("reason", r.reason());
                }
                reply(exchange, r.outcome() == ModelReloader.Outcome.REFUSED ? 409 : 200, JSON, JSON_MAPPER.writeValueAsString(body));
            } else if (path.equals("/model/reload") || path.equals("/model")) {
                exchange.getResponseHeaders().set("Allow", path.equals("/model") ? "GET" : "POST");
                reply(exchange, 405, "text/plain", method + " is not allowed on " + path);
            } else {
                reply(exchange, 404, "text/plain", "no " + path);
            }
        });
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
