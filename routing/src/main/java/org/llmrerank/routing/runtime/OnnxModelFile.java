package org.llmrerank.routing.runtime;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.llmrerank.routing.ModelResource;

/**
 * The parts of an ONNX ModelProto that a weight loader needs: the main graph's nodes in file
 * order (which is topological order) and its initializers by name. Everything else (opsets,
 * value infos, metadata, node attributes other than a Constant's value) is skipped.
 *
 * <p>Field numbers are those of onnx.proto3 (ModelProto.graph = 7; GraphProto.node = 1,
 * initializer = 5; NodeProto.input = 1, output = 2, name = 3, op_type = 4, attribute = 5;
 * AttributeProto.name = 1, t = 5; TensorProto.dims = 1, data_type = 2, float_data = 4, name = 8,
 * raw_data = 9, data_location = 14).
 */
public final class OnnxModelFile {

    /** TensorProto.DataLocation.EXTERNAL. */
    private static final int EXTERNAL = 1;

    private final List<OnnxNode> nodes;
    private final Map<String, OnnxTensorData> initializers;

    private OnnxModelFile(List<OnnxNode> nodes, Map<String, OnnxTensorData> initializers) {
        this.nodes = Collections.unmodifiableList(nodes);
        this.initializers = Collections.unmodifiableMap(initializers);
    }

    public static OnnxModelFile read(ModelResource resource) throws IOException {
        return parse(resource.readAllBytes());
    }

    /** Parses a serialized ModelProto; the tensors keep views into {@code bytes}. */
    public static OnnxModelFile parse(byte[] bytes) {
        ProtoReader model = new ProtoReader(bytes);
        ProtoReader graph = null;
        while (model.hasMore()) {
            int tag = model.readTag();
            if (ProtoReader.fieldNumber(tag) == 7 && ProtoReader.wireType(tag) == ProtoReader.LENGTH_DELIMITED) {
                graph = model.sub();
            } else {
                model.skip(tag);
            }
        }
        if (graph == null) {
            throw new OnnxFormatException("not an ONNX model: no graph field");
        }
        List<OnnxNode> nodes = new ArrayList<>();
        Map<String, OnnxTensorData> initializers = new LinkedHashMap<>();
        while (graph.hasMore()) {
            int tag = graph.readTag();
            int field = ProtoReader.fieldNumber(tag);
            if (field == 1 && ProtoReader.wireType(tag) == ProtoReader.LENGTH_DELIMITED) {
                nodes.add(node(graph.sub()));
            } else if (field == 5 && ProtoReader.wireType(tag) == ProtoReader.LENGTH_DELIMITED) {
                OnnxTensorData t = tensor(graph.sub());
                if (initializers.put(t.name(), t) != null) {
                    throw new OnnxFormatException("initializer " + t.name() + " appears twice");
                }
            } else {
                graph.skip(tag);
            }
        }
        return new OnnxModelFile(nodes, initializers);
    }

    /** Nodes in file order. */
    public List<OnnxNode> nodes() {
        return nodes;
    }

    public Map<String, OnnxTensorData> initializers() {
        return initializers;
    }

    public OnnxTensorData initializer(String name) {
        OnnxTensorData t = initializers.get(name);
        if (t == null) {
            throw new OnnxFormatException("the graph has no initializer named " + name);
        }
        return t;
    }

    /** A NodeProto: its name, op type, inputs, outputs and a Constant's value. */
    static OnnxNode node(ProtoReader r) {
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        String name = "";
        String opType = "";
        OnnxTensorData value = null;
        while (r.hasMore()) {
            int tag = r.readTag();
            switch (ProtoReader.fieldNumber(tag)) {
                case 1 -> inputs.add(r.readString());
                case 2 -> outputs.add(r.readString());
                case 3 -> name = r.readString();
                case 4 -> opType = r.readString();
                case 5 -> {
                    OnnxTensorData t = attributeTensor(r.sub());
                    if (t != null) {
                        value = t;
                    }
                }
                default -> r.skip(tag);
            }
        }
        return new OnnxNode(name, opType, List.copyOf(inputs), List.copyOf(outputs), value);
    }

    /** The tensor of an AttributeProto named "value" (a Constant's payload), else null. */
    private static OnnxTensorData attributeTensor(ProtoReader r) {
        String name = null;
        OnnxTensorData tensor = null;
        while (r.hasMore()) {
            int tag = r.readTag();
            switch (ProtoReader.fieldNumber(tag)) {
                case 1 -> name = r.readString();
                case 5 -> tensor = tensor(r.sub());
                default -> r.skip(tag);
            }
        }
        return "value".equals(name) ? tensor : null;
    }

    static OnnxTensorData tensor(ProtoReader r) {
        List<Long> dims = new ArrayList<>();
        int dataType = 0;
        String name = "";
        java.nio.ByteBuffer raw = null;
        FloatList floats = null;
        boolean external = false;
        while (r.hasMore()) {
            int tag = r.readTag();
            int field = ProtoReader.fieldNumber(tag);
            int wire = ProtoReader.wireType(tag);
            if (field == 1 && wire == ProtoReader.VARINT) {
                dims.add(r.readVarint());
            } else if (field == 1 && wire == ProtoReader.LENGTH_DELIMITED) { // packed dims
                ProtoReader packed = r.sub();
                while (packed.hasMore()) {
                    dims.add(packed.readVarint());
                }
            } else if (field == 2 && wire == ProtoReader.VARINT) {
                dataType = (int) r.readVarint();
            } else if (field == 4 && wire == ProtoReader.FIXED32) {
                floats = floats == null ? new FloatList() : floats;
                floats.add(Float.intBitsToFloat(r.readFixed32()));
            } else if (field == 4 && wire == ProtoReader.LENGTH_DELIMITED) { // packed float_data
                floats = floats == null ? new FloatList() : floats;
                java.nio.ByteBuffer packed = r.readBytesView();
                while (packed.remaining() >= 4) {
                    floats.add(packed.getFloat());
                }
            } else if (field == 8 && wire == ProtoReader.LENGTH_DELIMITED) {
                name = r.readString();
            } else if (field == 9 && wire == ProtoReader.LENGTH_DELIMITED) {
                raw = r.readBytesView();
            } else if (field == 14 && wire == ProtoReader.VARINT) {
                external = r.readVarint() == EXTERNAL;
            } else {
                r.skip(tag);
            }
        }
        if (external) {
            // such a tensor names a file for the runtime to open beside the graph (or, for a graph loaded from
            // memory, relative to the process's working directory): none of that is checked, so none is read
            throw new OnnxFormatException("tensor " + name + " keeps its data in an external file, which is not supported:"
                + " export the graph with its weights inside it");
        }
        long[] d = dims.stream().mapToLong(Long::longValue).toArray();
        return new OnnxTensorData(name, d, dataType, raw, floats == null ? null : floats.toArray());
    }

    /** Growable float array, so float_data does not box every value. */
    private static final class FloatList {
        private float[] values = new float[16];
        private int size;

        void add(float v) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        float[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }
}
