package org.llmrerank.routing.hf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmrerank.routing.hf.SafetensorsFile.Dtype;
import org.llmrerank.routing.runtime.llama.StandInLlama;

/** The safetensors reader: dtypes, sharding, and refusal of unsafe paths and malformed headers. */
class SafetensorsCheckpointTest {

    @TempDir
    Path tmp;

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) (r.nextGaussian() * 3);
        }
        return f;
    }

    @Test
    void f32F16Bf16RoundTrip() throws IOException {
        float[] data = random(60, 1);
        new SafetensorsWriter().put("a", Dtype.F32, data, 3, 20).put("h", Dtype.F16, data, 60)
                .put("b", Dtype.BF16, data, 6, 10).write(tmp.resolve("model.safetensors"));
        SafetensorsCheckpoint ck = SafetensorsCheckpoint.open(CheckpointDirectory.of(tmp));
        assertArrayEquals(data, ck.floats("a", 3, 20));
        float[] h = ck.floats("h", 60);
        float[] b = ck.floats("b", 6, 10);
        for (int i = 0; i < data.length; i++) {
            assertEquals(Float.float16ToFloat(Float.floatToFloat16(data[i])), h[i]);
            assertEquals(data[i], b[i], Math.abs(data[i]) / 256, "bf16 keeps 8 significant bits");
            assertEquals(0, Float.floatToRawIntBits(b[i]) & 0xFFFF, "bf16 is the upper half of a float");
        }
        CheckpointException e = assertThrows(CheckpointException.class, () -> ck.floats("a", 20, 3));
        assertTrue(e.getMessage().contains("'a'") && e.getMessage().contains("[3, 20]"), e.getMessage());
        assertThrows(CheckpointException.class, () -> ck.floats("missing", 1));
    }

    @Test
    void chunkedReadsEqualOneRead() throws IOException {
        // the reader widens in chunks so tensors above 2 GB fit; odd chunk sizes exercise the seams
        float[] data = random(1001, 2);
        new SafetensorsWriter().put("f", Dtype.F32, data, 1001).put("h", Dtype.F16, data, 7, 143)
                .put("b", Dtype.BF16, data, 1001).write(tmp.resolve("model.safetensors"));
        SafetensorsFile f = SafetensorsFile.open(tmp.resolve("model.safetensors"));
        for (String name : new String[] {"f", "h", "b"}) {
            float[] whole = f.readFloats(name, 1 << 20);
            for (int chunk : new int[] {1, 2, 6, 100, 4004}) {
                assertArrayEquals(whole, f.readFloats(name, chunk), name + " in chunks of " + chunk + " bytes");
            }
        }
    }

    @Test
    void standInShardedCheckpointReadsLikeTheSingleFile() throws IOException {
        Path single = StandInLlama.write(tmp.resolve("single"), StandInLlama.Shape.QWEN2, 5, StandInLlama.Layout.SINGLE_F32);
        Path sharded = StandInLlama.write(tmp.resolve("sharded"), StandInLlama.Shape.QWEN2, 5, StandInLlama.Layout.SHARDED_F32);
        SafetensorsCheckpoint a = SafetensorsCheckpoint.open(CheckpointDirectory.of(single));
        SafetensorsCheckpoint b = SafetensorsCheckpoint.open(CheckpointDirectory.of(sharded));
        for (String name : new String[] {"model.embed_tokens.weight", "model.layers.2.mlp.down_proj.weight", "lm_head.weight"}) {
            long[] shape = a.shape(name);
            assertArrayEquals(a.floats(name, shape), b.floats(name, shape), name);
        }
    }

    @Test
    void indexPointingOutsideTheDirectoryIsRefused() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("ck"));
        new SafetensorsWriter().put("w", Dtype.F32, new float[] {1}, 1).write(tmp.resolve("outside.safetensors"));
        Files.writeString(dir.resolve(SafetensorsCheckpoint.INDEX), "{\"weight_map\": {\"w\": \"../outside.safetensors\"}}");
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> SafetensorsCheckpoint.open(CheckpointDirectory.of(dir)));
        assertTrue(e.getMessage().contains("leaves the directory"), e.getMessage());
        Files.writeString(dir.resolve(SafetensorsCheckpoint.INDEX),
                "{\"weight_map\": {\"w\": \"" + tmp.resolve("outside.safetensors").toAbsolutePath() + "\"}}");
        e = assertThrows(CheckpointException.class, () -> SafetensorsCheckpoint.open(CheckpointDirectory.of(dir)));
        assertTrue(e.getMessage().contains("absolute"), e.getMessage());
    }

    @Test
    void symlinkOutOfTheDirectoryIsRefused() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("ck"));
        new SafetensorsWriter().put("w", Dtype.F32, new float[] {1}, 1).write(tmp.resolve("outside.safetensors"));
        Files.createSymbolicLink(dir.resolve(SafetensorsCheckpoint.SINGLE), tmp.resolve("outside.safetensors"));
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> SafetensorsCheckpoint.open(CheckpointDirectory.of(dir)));
        assertTrue(e.getMessage().contains("outside the checkpoint directory"), e.getMessage());
    }

    @Test
    void malformedHeadersAreRefusedWithTheReason() throws IOException {
        assertRefused(header("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4), "fall outside");
        assertRefused(header("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8), "needs 12");
        assertRefused(header("{\"w\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8), "not supported");
        assertRefused(header("{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,0]}}", 0), "invalid dimension");
        assertRefused(header("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4), "data_offsets");
        assertRefused(header("{not json", 0), "not valid JSON");
        assertRefused(header("[1,2]", 0), "JSON object");
        byte[] huge = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array();
        Files.write(tmp.resolve("model.safetensors"), huge);
        assertRefused(null, "header length");
        Files.write(tmp.resolve("model.safetensors"), new byte[3]);
        assertRefused(null, "too short");
    }

    private Path header(String json, int dataBytes) throws IOException {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Path f = tmp.resolve("model.safetensors");
        Files.write(f, b.array());
        return f;
    }

    private void assertRefused(Path ignored, String reason) {
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> SafetensorsCheckpoint.open(CheckpointDirectory.of(tmp)));
        assertTrue(e.getMessage().contains(reason) && e.getMessage().contains("model.safetensors"),
                "expected '" + reason + "' in: " + e.getMessage());
    }
}
