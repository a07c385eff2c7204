package org.llmrerank.rest.stats;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.llmrerank.rescorer.pipeline.FallbackCause;

/**
 * A node's stats as bytes, for the trip from each node to the one that answers the stats request; every engine can
 * carry a byte array. Latencies travel in HdrHistogram's compressed encoding. Both ends run the same plugin build, so
 * the format has a version byte only to refuse bytes of another build loudly.
 */
public final class NodeStatsCodec {

    private static final byte VERSION = 1;
    private static final byte COUNT = 0;
    private static final byte GROUP = 1;

    private NodeStatsCodec() {}

    public static byte[] encode(NodeStats stats) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writeCounters(out, stats.counters());
            writeGroup(out, stats.inference());
            out.writeInt(stats.models().size());
            for (Map.Entry<String, ModelGauge> e : stats.models().entrySet()) {
                writeString(out, e.getKey());
                writeModel(out, e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
        return bytes.toByteArray();
    }

    /**
     * As {@link #decode}, for bytes that came from another node: the transport layer expects an IOException, and the
     * message names the node so a mixed-build cluster shows which node to upgrade.
     */
    public static NodeStats decodeFromNode(String nodeId, byte[] encoded) throws IOException {
        try {
            return decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IOException("stats of node [" + nodeId + "]: " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException for bytes {@link #encode} did not write */
    public static NodeStats decode(byte[] encoded) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("node stats of format version " + version + "; this node reads version " + VERSION);
            }
            RerankStats counters = readCounters(in);
            CounterGroup inference = readGroup(in);
            int models = in.readInt();
            Map<String, ModelGauge> gauges = new LinkedHashMap<>();
            for (int i = 0; i < models; i++) {
                gauges.put(readString(in), readModel(in));
            }
            if (in.read() != -1) {
                throw new IllegalArgumentException("node stats: bytes left after the end");
            }
            return new NodeStats(counters, inference, gauges);
        } catch (IOException e) {
            throw new IllegalArgumentException("node stats cannot be read: " + e, e);
        }
    }

    private static void writeCounters(DataOutputStream out, RerankStats s) throws IOException {
        out.writeLong(s.queries());
        out.writeLong(s.skippedPages());
        writeSlice(out, s.total());
        out.writeLong(s.judged().queries());
        out.writeDouble(s.judged().ndcgAt10Sum());
        out.writeDouble(s.judged().flopsEstimated());
        out.writeBoolean(s.scheduler() != null);
        if (s.scheduler() != null) {
            writeGroup(out, s.scheduler());
        }
        for (Map<String, SliceStats> breakdown : List.of(s.byIndex(), s.byStrategy(), s.byModel())) {
            out.writeInt(breakdown.size());
            for (Map.Entry<String, SliceStats> e : breakdown.entrySet()) {
                writeString(out, e.getKey());
                writeSlice(out, e.getValue());
            }
        }
    }

    private static RerankStats readCounters(DataInputStream in) throws IOException {
        long queries = in.readLong();
        long skipped = in.readLong();
        SliceStats total = readSlice(in);
        JudgedStats judged = new JudgedStats(in.readLong(), in.readDouble(), in.readDouble());
        CounterGroup scheduler = in.readBoolean() ? readGroup(in) : null;
        return new RerankStats(queries, skipped, total, judged, scheduler, readBreakdown(in), readBreakdown(in), readBreakdown(in));
    }

    private static Map<String, SliceStats> readBreakdown(DataInputStream in) throws IOException {
        int n = in.readInt();
        Map<String, SliceStats> m = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            m.put(readString(in), readSlice(in));
        }
        return m;
    }

    private static void writeSlice(DataOutputStream out, SliceStats s) throws IOException {
        for (long v : new long[] {s.rerankedQueries(), s.rerankedDocs(), s.docsWithoutText(), s.inputTokens(), s.modelTimeMs()}) {
            out.writeLong(v);
        }
        out.writeDouble(s.flopsEstimated());
        out.writeLong(s.countedQueries());
        out.writeDouble(s.flopsCounted());
        out.writeDouble(s.flopsEstimatedOfCounted());
        LayerStats l = s.layers();
        for (long v : new long[] {l.sequences(), l.executed(), l.skipped(), l.repeated(), s.strategySwitchesUnderBudget(), s.earlyStops()}) {
            out.writeLong(v);
        }
        out.writeInt(s.fallbacks().size());
        for (Map.Entry<FallbackCause, Long> e : s.fallbacks().entrySet()) {
            writeString(out, e.getKey().key());
            out.writeLong(e.getValue());
        }
        byte[] latencies = s.latencies().encoded();
        out.writeInt(latencies.length);
        out.write(latencies);
    }

    private static SliceStats readSlice(DataInputStream in) throws IOException {
        long queries = in.readLong();
        long docs = in.readLong();
        long withoutText = in.readLong();
        long tokens = in.readLong();
        long modelMs = in.readLong();
        double estimated = in.readDouble();
        long countedQueries = in.readLong();
        double counted = in.readDouble();
        double estimatedOfCounted = in.readDouble();
        LayerStats layers = new LayerStats(in.readLong(), in.readLong(), in.readLong(), in.readLong());
        long switches = in.readLong();
        long earlyStops = in.readLong();
        int causes = in.readInt();
        Map<FallbackCause, Long> fallbacks = new EnumMap<>(FallbackCause.class);
        for (int i = 0; i < causes; i++) {
            fallbacks.put(cause(readString(in)), in.readLong());
        }
        byte[] latencies = new byte[in.readInt()];
        in.readFully(latencies);
        return new SliceStats(queries, docs, withoutText, tokens, modelMs, estimated, countedQueries, counted, estimatedOfCounted, layers,
            switches, earlyStops, fallbacks, Latencies.decode(latencies));
    }

    private static FallbackCause cause(String key) {
        for (FallbackCause c : FallbackCause.values()) {
            if (c.key().equals(key)) {
                return c;
            }
        }
        throw new IllegalArgumentException("node stats: unknown fallback cause [" + key + "]");
    }

    private static void writeGroup(DataOutputStream out, CounterGroup g) throws IOException {
        out.writeInt(g.entries().size());
        for (Map.Entry<String, Object> e : g.entries().entrySet()) {
            writeString(out, e.getKey());
            if (e.getValue() instanceof CounterGroup nested) {
                out.writeByte(GROUP);
                writeGroup(out, nested);
            } else {
                out.writeByte(COUNT);
                out.writeLong((Long) e.getValue());
            }
        }
    }

    private static CounterGroup readGroup(DataInputStream in) throws IOException {
        int n = in.readInt();
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String key = readString(in);
            byte kind = in.readByte();
            m.put(key, switch (kind) {
                case COUNT -> in.readLong();
                case GROUP -> readGroup(in);
                default -> throw new IllegalArgumentException("node stats: unknown entry kind " + kind);
            });
        }
        return CounterGroup.of(m);
    }

    private static void writeModel(DataOutputStream out, ModelGauge g) throws IOException {
        writeString(out, g.state());
        out.writeLong(g.weightBytes());
        out.writeBoolean(g.loadMillis() != null);
        if (g.loadMillis() != null) {
            out.writeLong(g.loadMillis());
        }
        out.writeBoolean(g.lastError() != null);
        if (g.lastError() != null) {
            writeString(out, g.lastError());
        }
    }

    private static ModelGauge readModel(DataInputStream in) throws IOException {
        String state = readString(in);
        long weightBytes = in.readLong();
        Long loadMillis = in.readBoolean() ? in.readLong() : null;
        String lastError = in.readBoolean() ? readString(in) : null;
        return new ModelGauge(state, weightBytes, loadMillis, lastError);
    }

    /** Length and UTF-8 bytes: unlike writeUTF, no 64 KiB limit (an error message may be long). */
    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IllegalArgumentException("node stats: a string of " + length + " bytes where " + in.available() + " are left");
        }
        byte[] b = new byte[length];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
