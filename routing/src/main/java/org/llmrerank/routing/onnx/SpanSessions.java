package org.llmrerank.routing.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.llmrerank.routing.runtime.LayerGraphs;
import org.llmrerank.routing.runtime.LayerSpan;

/**
 * ONNX Runtime sessions of {@link LayerSpan}s, each opened on first use and kept for the encoder's life, so a path
 * that routers choose again and again runs as a few calls. Every session holds its own copy of its layers' weights,
 * so the spans kept hold at most {@code layerBudget} layers together; past that a span gets no session and its
 * caller runs it layer by layer. Nothing is evicted: a session in use is never freed under a call.
 *
 * <p>Thread-safe. Opening a session takes the lock; finding an open one does not.
 */
final class SpanSessions implements AutoCloseable {

    private final OrtEnvironment env;
    private final LayerGraphs.SpanWriter writer;
    private final EncoderOptions options;
    private final int layerBudget;
    private final Map<LayerSpan, OrtSession> open = new ConcurrentHashMap<>();
    private int layersHeld; // guarded by this
    private volatile long graphBytes; // of the sessions open, written under this
    private boolean closed; // guarded by this

    SpanSessions(OrtEnvironment env, LayerGraphs.SpanWriter writer, EncoderOptions options, int layerBudget) {
        this.env = env;
        this.writer = writer;
        this.options = options;
        this.layerBudget = layerBudget;
    }

    /**
     * The span's session, opened now if the budget has room for its layers; null when it has not.
     *
     * @throws EncoderException when ONNX Runtime refuses the span's graph
     */
    OrtSession get(LayerSpan span) throws EncoderException {
        OrtSession session = open.get(span);
        return session != null ? session : openIfRoom(span);
    }

    private synchronized OrtSession openIfRoom(LayerSpan span) throws EncoderException {
        OrtSession session = open.get(span);
        if (session != null || closed || layersHeld + span.layers() > layerBudget) {
            return session;
        }
        byte[] graph;
        try (OrtSession.SessionOptions so = OnnxBertEncoder.sessionOptions(options)) {
            graph = writer.graph(span);
            session = env.createSession(graph, so);
        } catch (OrtException | RuntimeException e) {
            throw new EncoderException("ONNX Runtime could not load the span " + span + ": " + e.getMessage(), e);
        }
        open.put(span, session);
        layersHeld += span.layers();
        graphBytes += graph.length;
        return session;
    }

    /** Bytes of the graphs (weights, mostly) of the sessions open now. */
    long graphBytes() {
        return graphBytes;
    }

    /** Frees every session; the owner calls it once no call is in flight. */
    @Override
    public synchronized void close() {
        closed = true;
        List<OrtSession> all = new ArrayList<>(open.values());
        open.clear();
        for (OrtSession s : all) {
            try {
                s.close();
            } catch (OrtException | RuntimeException ignored) {
                // freeing native memory at shutdown: nothing a caller could do about a failure
            }
        }
    }
}
