package org.llmrerank.routing.runtime.router;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouterTest {

    /** Float64 reference: window means, Linear-GELU(tanh)-Linear per window, logits averaged. */
    static double[] reference(Router r, float[] hidden, int tokens, int d) {
        int w = Math.min(8, tokens);
        int size = tokens / w;
        double[] z = new double[3];
        for (int k = 0; k < w; k++) {
            double[] m = new double[d];
            for (int t = k * size; t < (k + 1) * size; t++) {
                for (int i = 0; i < d; i++) {
                    m[i] += hidden[t * d + i] / (double) size;
                }
            }
            double[] a = new double[r.h];
            for (int j = 0; j < r.h; j++) {
                double s = r.b1[j];
                for (int i = 0; i < d; i++) {
                    s += (double) r.w1[j * d + i] * m[i];
                }
                a[j] = 0.5 * s * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (s + 0.044715 * Math.pow(s, 3))));
            }
            for (int c = 0; c < 3; c++) {
                double s = r.b2[c];
                for (int j = 0; j < r.h; j++) {
                    s += (double) r.w2[c * r.h + j] * a[j];
                }
                z[c] += s / w;
            }
        }
        return z;
    }

    private static Router randomRouter(int d, int h, long seed) {
        Random rnd = new Random(seed);
        Router r = Router.xavier(d, h, rnd);
        for (int j = 0; j < h; j++) {
            r.b1[j] = (float) rnd.nextGaussian() * 0.1f;
        }
        for (int c = 0; c < 3; c++) {
            r.b2[c] = (float) rnd.nextGaussian() * 0.1f;
        }
        return r;
    }

    @Test
    void forwardMatchesFloat64ReferenceForLongShortAndRaggedTexts() {
        int d = 24;
        Router r = randomRouter(d, 16, 1);
        Random rnd = new Random(2);
        for (int tokens : new int[] {1, 3, 8, 13, 50}) {
            float[] hidden = new float[tokens * d];
            for (int i = 0; i < hidden.length; i++) {
                hidden[i] = (float) rnd.nextGaussian() * 2;
            }
            double[] expected = reference(r, hidden, tokens, d);
            double[] got = r.logits(Router.windowMeans(hidden, 0, tokens, d));
            for (int c = 0; c < 3; c++) {
                assertEquals(expected[c], got[c], 1e-5 * (1 + Math.abs(expected[c])), "T=" + tokens + " class " + c);
            }
        }
    }

    @Test
    void windowsDropTheTailAndClampToTheLength() {
        int d = 1;
        float[] hidden = new float[19];
        for (int t = 0; t < 19; t++) {
            hidden[t] = t;
        }
        float[][] w = Router.windowMeans(hidden, 0, 19, d); // 8 windows of 2, tokens 16..18 dropped
        assertEquals(8, w.length);
        assertEquals(0.5f, w[0][0]);
        assertEquals(14.5f, w[7][0]);
        assertEquals(3, Router.windowMeans(hidden, 0, 3, d).length);
    }

    @Test
    void geluDerivativeMatchesFiniteDifferences() {
        for (double x : new double[] {-3, -0.7, 0, 0.4, 2.5}) {
            double fd = (Router.gelu(x + 1e-6) - Router.gelu(x - 1e-6)) / 2e-6;
            assertEquals(fd, Router.geluDerivative(x), 1e-6);
        }
    }

    @Test
    void routersFileRoundTrips(@TempDir Path dir) throws IOException {
        LayerRouters routers = LayerRouters.xavier(4, 12, 8, 7);
        routers.router(2).b2[1] = 0.25f;
        Path file = dir.resolve("routers.bin");
        routers.save(file);
        assertEquals(8 + 1 + 16 + 4L * 4 * (8 * 12 + 8 + 3 * 8 + 3), Files.size(file));
        LayerRouters back = LayerRouters.load(file);
        assertEquals(4, back.layers());
        assertEquals(LayerRouters.Scope.SEQUENCE, back.scope());
        routers.withScope(LayerRouters.Scope.REQUEST).save(dir.resolve("request.bin"));
        assertEquals(LayerRouters.Scope.REQUEST, LayerRouters.load(dir.resolve("request.bin")).scope());
        // a version-1 file (no scope byte) still reads, as SEQUENCE
        byte[] v2 = Files.readAllBytes(file);
        byte[] v1 = new byte[v2.length - 1];
        System.arraycopy(v2, 0, v1, 0, 8);
        System.arraycopy(v2, 9, v1, 8, v2.length - 9);
        v1[7] = '1';
        LayerRouters old = LayerRouters.read(new ByteArrayInputStream(v1));
        assertEquals(LayerRouters.Scope.SEQUENCE, old.scope());
        assertArrayEquals(routers.router(2).b2, old.router(2).b2);
        byte[] badScope = v2.clone();
        badScope[8] = 7;
        assertThrows(IOException.class, () -> LayerRouters.read(new ByteArrayInputStream(badScope)));
        for (int l = 0; l < 4; l++) {
            Router a = routers.router(l);
            Router b = back.router(l);
            assertArrayEquals(a.w1, b.w1);
            assertArrayEquals(a.b1, b.b1);
            assertArrayEquals(a.w2, b.w2);
            assertArrayEquals(a.b2, b.b2);
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[0] = 'X';
        byte[] badMagic = bytes;
        assertThrows(IOException.class, () -> LayerRouters.read(new ByteArrayInputStream(badMagic)));
        byte[] truncated = Arrays.copyOf(Files.readAllBytes(file), 100);
        assertThrows(IOException.class, () -> LayerRouters.read(new ByteArrayInputStream(truncated)));
        ByteArrayOutputStream longer = new ByteArrayOutputStream();
        routers.write(longer);
        longer.write(0);
        assertThrows(IOException.class, () -> LayerRouters.read(new ByteArrayInputStream(longer.toByteArray())));
    }

    @Test
    void knobFollowsTheSpecsBlend() {
        double[] z = {2.0, 0.0, -1.0}; // router prefers skip
        assertEquals(Decision.SKIP, LayerRouters.decide(z, LayerRouters.PLAIN));
        assertEquals(Decision.SKIP, LayerRouters.decide(z, -1));
        assertEquals(Decision.EXECUTE, LayerRouters.decide(z, 0.5));
        assertEquals(Decision.REPEAT, LayerRouters.decide(z, 1));
        assertEquals(Decision.SKIP, LayerRouters.decide(new double[] {0, 3, 0}, -1)); // t = 0: one-hot skip
        assertThrows(IllegalArgumentException.class, () -> LayerRouters.decide(z, 1.5));
    }
}
