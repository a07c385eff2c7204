package org.llmrerank.routing.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The weights of a Hugging Face checkpoint folder: either one {@code model.safetensors} or shards
 * listed by {@code model.safetensors.index.json} ({@code {"weight_map": {tensor: shard file}}}).
 * Shard names go through {@link CheckpointDirectory}, so an index cannot point outside the folder.
 */
public final class SafetensorsCheckpoint {

    public static final String SINGLE = "model.safetensors";
    public static final String INDEX = "model.safetensors.index.json";

    private final CheckpointDirectory dir;
    private final Map<String, SafetensorsFile> byTensor;

    private SafetensorsCheckpoint(CheckpointDirectory dir, Map<String, SafetensorsFile> byTensor) {
        this.dir = dir;
        this.byTensor = byTensor;
    }

    public static SafetensorsCheckpoint open(CheckpointDirectory dir) {
        if (dir.exists(INDEX)) {
            return sharded(dir);
        }
        if (dir.exists(SINGLE)) {
            SafetensorsFile f = SafetensorsFile.open(dir.resolve(SINGLE));
            Map<String, SafetensorsFile> m = new LinkedHashMap<>();
            for (String name : f.entries().keySet()) {
                m.put(name, f);
            }
            return new SafetensorsCheckpoint(dir, m);
        }
        throw new CheckpointException(dir.root() + ": neither " + SINGLE + " nor " + INDEX + " found");
    }

    private static SafetensorsCheckpoint sharded(CheckpointDirectory dir) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(dir.resolve(INDEX)));
        } catch (IOException e) {
            throw new CheckpointException(dir.root() + "/" + INDEX + ": not valid JSON: " + e.getMessage(), e);
        }
        JsonNode map = root == null ? null : root.get("weight_map");
        if (map == null || !map.isObject()) {
            throw new CheckpointException(dir.root() + "/" + INDEX + ": missing 'weight_map' object");
        }
        Map<String, SafetensorsFile> shards = new HashMap<>();
        Map<String, SafetensorsFile> byTensor = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = map.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new CheckpointException(dir.root() + "/" + INDEX + ": shard of '" + e.getKey() + "' is not a string");
            }
            String shard = e.getValue().asText();
            SafetensorsFile f = shards.computeIfAbsent(shard, s -> SafetensorsFile.open(dir.resolve(s)));
            if (!f.entries().containsKey(e.getKey())) {
                throw new CheckpointException(dir.root() + "/" + INDEX + ": tensor '" + e.getKey() + "' is mapped to "
                        + shard + ", which does not contain it");
            }
            byTensor.put(e.getKey(), f);
        }
        return new SafetensorsCheckpoint(dir, byTensor);
    }

    public CheckpointDirectory directory() {
        return dir;
    }

    public boolean has(String tensor) {
        return byTensor.containsKey(tensor);
    }

    public long[] shape(String tensor) {
        return file(tensor).entry(tensor).shape();
    }

    /** The tensor as float32, after checking its shape is {@code expected}. */
    public float[] floats(String tensor, long... expected) {
        long[] shape = shape(tensor);
        if (!java.util.Arrays.equals(shape, expected)) {
            throw new CheckpointException(dir.root() + ": tensor '" + tensor + "' has shape "
                    + java.util.Arrays.toString(shape) + ", the config implies " + java.util.Arrays.toString(expected));
        }
        return file(tensor).readFloats(tensor);
    }

    private SafetensorsFile file(String tensor) {
        SafetensorsFile f = byTensor.get(tensor);
        if (f == null) {
            throw new CheckpointException(dir.root() + ": checkpoint has no tensor '" + tensor + "'");
        }
        return f;
    }
}
