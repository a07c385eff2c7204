package org.llmrerank.routing.runtime.router;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One {@link Router} per transformer block, and the routers file that stores them beside the model.
 *
 * <p>File format ({@code routers.bin}), big-endian as {@link DataOutputStream} writes it:
 * <pre>
 *   8 bytes  ASCII "LLMRRTR2" ("LLMRRTR1": the same without the scope byte, read as SEQUENCE)
 *   byte     scope: 0 SEQUENCE, 1 REQUEST ({@link Scope})
 *   int32    layers L
 *   int32    d (hidden size of the model the routers belong to)
 *   int32    h (bottleneck, 128)
 *   int32    windows W (8)
 *   L times: float32[h*d] w1 (row-major [h][d]), float32[h] b1, float32[3*h] w2 (row-major [3][h]), float32[3] b2
 * </pre>
 *
 * <p>Decisions (Dr.LLM, routing at inference): greedy argmax of {@code softmax(z)}, optionally moved by the post-hoc
 * knob {@code p} in [-1, 1] (Dr.LLM, routing at inference, App. C): p = -0.5 ({@link #PLAIN}) is the plain router;
 * lower moves mass to skip, higher to execute then repeat.
 */
public final class LayerRouters {

    /** The knob value at which the decision is the router's own argmax. */
    public static final double PLAIN = -0.5;

    private static final byte[] MAGIC_V1 = "LLMRRTR1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MAGIC = "LLMRRTR2".getBytes(StandardCharsets.US_ASCII);

    /** Which sequences a decision governs. For a decoder (one sequence per request) the two coincide. */
    public enum Scope {
        /** Every sequence routes itself (the paper's setting: one prompt, one sequence). */
        SEQUENCE,
        /**
         * The request's lead sequence routes, and every sequence of the request follows its path. For a
         * bi-encoder request (one query, many passages encoded apart) this is the query: a passage's router
         * never sees the query, and passages taking different paths land in differently shaped spaces.
         */
        REQUEST
    }

    private final List<Router> routers;
    private final Scope scope;

    public LayerRouters(List<Router> routers) {
        this(routers, Scope.SEQUENCE);
    }

    public LayerRouters(List<Router> routers, Scope scope) {
        this.scope = java.util.Objects.requireNonNull(scope, "scope");
        if (routers.isEmpty()) {
            throw new IllegalArgumentException("no routers");
        }
        this.routers = List.copyOf(routers);
        int d = this.routers.get(0).d;
        int h = this.routers.get(0).h;
        for (Router r : this.routers) {
            if (r.d != d || r.h != h) {
                throw new IllegalArgumentException("routers differ in shape");
            }
        }
    }

    public static LayerRouters xavier(int layers, int d, int h, long seed) {
        Random random = new Random(seed);
        List<Router> list = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            list.add(Router.xavier(d, h, random));
        }
        return new LayerRouters(list);
    }

    public int layers() {
        return routers.size();
    }

    public Scope scope() {
        return scope;
    }

    public LayerRouters withScope(Scope s) {
        return new LayerRouters(routers, s);
    }

    public int inputDim() {
        return routers.get(0).d;
    }

    public Router router(int layer) {
        return routers.get(layer);
    }

    /** The decision for {@code layer} from the window means of the state entering it. */
    public Decision decide(int layer, float[][] windows, double knob) {
        return decide(routers.get(layer).logits(windows), knob);
    }

    /** Argmax of the router distribution blended with one-hot distributions by the knob p (Dr.LLM, routing at inference). */
    public static Decision decide(double[] logits, double p) {
        if (p < -1 || p > 1) {
            throw new IllegalArgumentException("knob p must be in [-1, 1], got " + p);
        }
        double[] q = FocalLoss.softmax(logits);
        double[] out = new double[3];
        if (p <= -0.5) {
            double t = (p + 1) / 0.5;
            for (int c = 0; c < 3; c++) {
                out[c] = t * q[c] + (c == 0 ? 1 - t : 0);
            }
        } else if (p <= 0.5) {
            double t = p + 0.5;
            for (int c = 0; c < 3; c++) {
                out[c] = (1 - t) * q[c] + (c == 1 ? t : 0);
            }
        } else {
            double t = (p - 0.5) / 0.5;
            out[1] = 1 - t;
            out[2] = t;
        }
        int best = 0;
        for (int c = 1; c < 3; c++) {
            if (out[c] > out[best]) {
                best = c;
            }
        }
        return Decision.of(best);
    }

    public void save(Path file) throws IOException {
        try (OutputStream os = Files.newOutputStream(file)) {
            write(os);
        }
    }

    public void write(OutputStream os) throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os));
        Router first = routers.get(0);
        out.write(MAGIC);
        out.writeByte(scope.ordinal());
        out.writeInt(routers.size());
        out.writeInt(first.d);
        out.writeInt(first.h);
        out.writeInt(Router.WINDOWS);
        for (Router r : routers) {
            for (float[] a : new float[][] {r.w1, r.b1, r.w2, r.b2}) {
                for (float v : a) {
                    out.writeFloat(v);
                }
            }
        }
        out.flush();
    }

    public static LayerRouters load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        }
    }

    public static LayerRouters read(InputStream is) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(is));
        byte[] magic = new byte[MAGIC.length];
        in.readFully(magic);
        Scope scope;
        if (java.util.Arrays.equals(magic, MAGIC)) {
            int code = in.readUnsignedByte();
            if (code >= Scope.values().length) {
                throw new IOException("routers file scope byte out of range: " + code);
            }
            scope = Scope.values()[code];
        } else if (java.util.Arrays.equals(magic, MAGIC_V1)) {
            scope = Scope.SEQUENCE;
        } else {
            throw new IOException("not a routers file (bad magic)");
        }
        int layers = in.readInt();
        int d = in.readInt();
        int h = in.readInt();
        int windows = in.readInt();
        if (layers < 1 || layers > 1024 || d < 1 || d > 1 << 16 || h < 1 || h > 1 << 12 || windows != Router.WINDOWS) {
            throw new IOException("routers file header out of range: L=" + layers + " d=" + d + " h=" + h + " W=" + windows);
        }
        List<Router> list = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            float[] w1 = floats(in, h * d);
            float[] b1 = floats(in, h);
            float[] w2 = floats(in, 3 * h);
            float[] b2 = floats(in, 3);
            list.add(new Router(d, h, w1, b1, w2, b2));
        }
        if (in.read() != -1) {
            throw new IOException("trailing bytes after " + layers + " routers");
        }
        return new LayerRouters(list, scope);
    }

    private static float[] floats(DataInputStream in, int n) throws IOException {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = in.readFloat();
        }
        return v;
    }
}
