package org.llmrerank.routing.runtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts a BERT-class ONNX graph (a Hugging Face export, float or dynamically quantised int8) into {@link LayerGraphs}:
 * the embeddings graph and one graph per encoder layer, each a model of its own that ONNX Runtime runs with its own
 * kernels (int8 ones for a quantised graph).
 *
 * <p>The layers are found by the graph's own structure. A node belongs to layer {@code N} when its name lies under
 * {@code /layer.N/} (the exporter's module scopes). The hidden state between layers {@code N} and {@code N+1} is the
 * one tensor that a layer-N node produces for a layer-(N+1) node, other than the outputs of a
 * {@code DynamicQuantizeLinear} (a quantised graph quantises a layer's output where it is produced; the cut graph
 * of the next layer recomputes that from the hidden state, so a skipped or repeated layer still quantises its own
 * input). The attention bias is the one tensor that every layer reads from outside the layers. Each cut graph then
 * holds exactly the nodes its outputs need, walking back from them to its inputs, in the original (topological)
 * order.
 *
 * <p>Nodes, initializers and value infos are copied byte for byte from the original model; only the cut graphs'
 * inputs and outputs are new fields (copies of the original value infos of those tensors where the graph has them).
 * Model-level fields (IR version, opsets, producer) are copied as they are.
 *
 * <p>Field numbers are those of onnx.proto3: ModelProto.graph = 7; GraphProto.node = 1, name = 2, initializer = 5,
 * input = 11, output = 12, value_info = 13, sparse_initializer = 15; NodeProto.input = 1, output = 2, name = 3,
 * op_type = 4; ValueInfoProto.name = 1, type = 2; TypeProto.tensor_type = 1; TypeProto.Tensor.elem_type = 1;
 * TensorProto.name = 8.
 */
public final class OnnxLayerCutter {

    private static final Pattern LAYER_SCOPE = Pattern.compile("/layers?\\.(\\d+)/");
    private static final String DYNAMIC_QUANTIZE = "DynamicQuantizeLinear";
    private static final String CONSTANT = "Constant";
    /** TensorProto.DataType.FLOAT, for a boundary tensor the graph gives no value info for. */
    private static final int FLOAT = 1;

    private record Span(int start, int end) {}

    /** @param span the whole field (tag, length, message); {@code message} the NodeProto's own bytes */
    private record Node(String name, String opType, List<String> inputs, List<String> outputs, Span span, Span message, int layer) {}

    private final byte[] bytes;
    private final List<Span> modelFields = new ArrayList<>();
    private Span graphName;
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, Span> initializers = new HashMap<>();
    private final Map<String, Span> graphInputs = new LinkedHashMap<>(); // name -> ValueInfoProto contents
    private final Map<String, Span> graphOutputs = new LinkedHashMap<>();
    private final Map<String, Span> valueInfos = new HashMap<>();
    private final Map<String, Integer> producer = new HashMap<>();

    private OnnxLayerCutter(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Cuts a serialized ModelProto.
     *
     * @throws OnnxFormatException when the graph is not an encoder of named layers joined by one hidden state each
     */
    public static LayerGraphs cut(byte[] model) {
        OnnxLayerCutter cutter = new OnnxLayerCutter(model);
        cutter.parse();
        return cutter.cutLayers();
    }

    private void parse() {
        ProtoReader model = new ProtoReader(bytes);
        ProtoReader graph = null;
        while (model.hasMore()) {
            int start = model.position();
            int tag = model.readTag();
            if (ProtoReader.fieldNumber(tag) == 7 && ProtoReader.wireType(tag) == ProtoReader.LENGTH_DELIMITED) {
                graph = model.sub();
            } else {
                model.skip(tag);
                modelFields.add(new Span(start, model.position()));
            }
        }
        if (graph == null) {
            throw new OnnxFormatException("not an ONNX model: no graph field");
        }
        while (graph.hasMore()) {
            int start = graph.position();
            int tag = graph.readTag();
            int field = ProtoReader.fieldNumber(tag);
            if (ProtoReader.wireType(tag) != ProtoReader.LENGTH_DELIMITED) {
                graph.skip(tag);
                continue;
            }
            ProtoReader sub = graph.sub();
            Span whole = new Span(start, graph.position());
            Span contents = new Span(sub.position(), graph.position()); // the embedded message, past tag and length
            switch (field) {
                case 1 -> node(sub, whole, contents);
                case 2 -> graphName = whole;
                case 5 -> initializers.put(stringField(sub, 8), whole);
                case 11 -> graphInputs.put(stringField(sub, 1), contents);
                case 12 -> graphOutputs.put(stringField(sub, 1), contents);
                case 13 -> valueInfos.put(stringField(sub, 1), contents);
                case 15 -> throw new OnnxFormatException("the graph has sparse initializers, which the layer cutter does not copy");
                default -> { } // doc string, quantization annotations: nothing a runtime needs
            }
        }
    }

    private void node(ProtoReader r, Span span, Span message) {
        OnnxNode n = OnnxModelFile.node(r);
        Matcher m = LAYER_SCOPE.matcher(n.name());
        int layer = m.find() && m.group(1).length() <= 6 ? Integer.parseInt(m.group(1)) : -1;
        for (String out : n.outputs()) {
            if (!out.isEmpty()) {
                producer.put(out, nodes.size());
            }
        }
        nodes.add(new Node(n.name(), n.opType(), n.inputs(), n.outputs(), span, message, layer));
    }

    /** A message's string field {@code field} (a TensorProto's name is 8, a ValueInfoProto's 1); "" when absent. */
    private static String stringField(ProtoReader r, int field) {
        String value = "";
        while (r.hasMore()) {
            int tag = r.readTag();
            if (ProtoReader.fieldNumber(tag) == field && ProtoReader.wireType(tag) == ProtoReader.LENGTH_DELIMITED) {
                value = r.readString();
            } else {
                r.skip(tag);
            }
        }
        return value;
    }

    private LayerGraphs cutLayers() {
        int layerCount = nodes.stream().mapToInt(Node::layer).max().orElse(-1) + 1;
        if (layerCount < 2) {
            throw new OnnxFormatException("expected an encoder of at least two layers with nodes named /layer.N/, found "
                + layerCount);
        }
        for (int l = 0; l < layerCount; l++) {
            final int layer = l;
            if (nodes.stream().noneMatch(n -> n.layer() == layer)) {
                throw new OnnxFormatException("the graph has no node of layer " + l + " of 0.." + (layerCount - 1));
            }
        }
        String bias = attentionBias(layerCount);
        List<String> hidden = new ArrayList<>(); // hidden.get(l + 1): the state leaving layer l; hidden.get(0): entering layer 0
        Set<String> intoFirst = new TreeSet<>(crossing(-1, 0));
        intoFirst.remove(bias);
        hidden.add(single(intoFirst, "the embeddings and layer 0"));
        for (int l = 0; l + 1 < layerCount; l++) {
            hidden.add(single(crossing(l, l + 1), "layers " + l + " and " + (l + 1)));
        }
        if (graphOutputs.size() != 1) {
            throw new OnnxFormatException("expected one graph output (the last hidden state), found " + graphOutputs.keySet());
        }
        String last = graphOutputs.keySet().iterator().next();
        Integer lastProducer = producer.get(last);
        if (lastProducer == null || nodes.get(lastProducer).layer() != layerCount - 1) {
            throw new OnnxFormatException("the graph output " + last + " is not produced by layer " + (layerCount - 1));
        }
        hidden.add(last);

        Set<String> embeddingNodesStop = new HashSet<>(graphInputs.keySet());
        Set<Integer> embeddingNodes = slice(List.of(hidden.get(0), bias), embeddingNodesStop, "the embeddings");
        for (int i : embeddingNodes) {
            if (nodes.get(i).layer() >= 0) {
                throw new OnnxFormatException("the embeddings need node " + nodes.get(i).name() + " of layer " + nodes.get(i).layer());
            }
        }
        List<String> embeddingInputs = graphInputs.keySet().stream().filter(name -> reads(embeddingNodes, name)).toList();
        byte[] embeddings = model(embeddingNodes, embeddingInputs, List.of(hidden.get(0), bias));
        List<Set<Integer>> layerNodes = new ArrayList<>(layerCount);
        List<FirstPosition> firstPositions = new ArrayList<>(layerCount);
        for (int l = 0; l < layerCount; l++) {
            Set<Integer> slice = slice(List.of(hidden.get(l + 1)), Set.of(hidden.get(l), bias), "layer " + l);
            layerNodes.add(slice);
            firstPositions.add(firstPosition(l, slice, hidden.get(l), bias));
        }
        Spans spans = new Spans(List.copyOf(hidden), bias, embeddingNodes, embeddingInputs, List.copyOf(layerNodes),
            List.copyOf(firstPositions));
        List<LayerGraphs.Layer> layers = new ArrayList<>(layerCount);
        for (int l = 0; l < layerCount; l++) {
            layers.add(new LayerGraphs.Layer(spans.graph(new LayerSpan(l, l, false, false)), hidden.get(l), hidden.get(l + 1),
                spans.graph(new LayerSpan(l, l, false, true)), firstPositions.get(l).allPositionMatmuls()));
        }
        return new LayerGraphs(embeddings, embeddingInputs, hidden.get(0), bias, layers, spans::graph);
    }

    /**
     * How layer {@code layer} computes its output at the first position only: a {@code Slice} to position 0 goes in
     * front of the query projection and of the attention's residual add, so the query, the attention output and the
     * FFN run over one row per sequence while keys and values still cover every position. A quantised graph quantises
     * the layer input over every position before the slice (the key and value projections read it), so the query sees
     * exactly the values it sees in the whole layer; the attention output and the FFN input are then quantised over
     * the one row, which rounds them more finely than over all rows.
     *
     * @param query      the query projection: the one weight matmul that the first operand of the attention scores
     *                   ({@code MatMul} of two computed tensors, Q·Kᵀ) is computed from
     * @param queryInput what it reads: the layer input or its quantised form
     * @param residual   the one {@code Add} that reads the layer input
     * @param allPositionMatmuls the layer's other weight matmuls reading the query's input (keys and values), by name
     */
    private record FirstPosition(int layer, String in, Node query, String queryInput, Node residual,
                                 Set<String> allPositionMatmuls) {
        String prefix() {
            return "first_position/layer." + layer + "/";
        }

        String firstInput() {
            return prefix() + "input";
        }

        String firstQueryInput() {
            return queryInput.equals(in) ? firstInput() : prefix() + "query_input";
        }
    }

    private FirstPosition firstPosition(int layer, Set<Integer> slice, String in, String bias) {
        String where = "layer " + layer + ": ";
        Node scores = null;
        for (int i : slice) {
            Node n = nodes.get(i);
            if (n.opType().equals("MatMul") && n.inputs().size() == 2 && !initializers.containsKey(n.inputs().get(0))
                && !initializers.containsKey(n.inputs().get(1))) {
                scores = n;
                break;
            }
        }
        if (scores == null) {
            throw new OnnxFormatException(where + "no MatMul of two computed tensors (the attention scores)");
        }
        Set<String> quantisedInput = new HashSet<>();
        for (int i : slice) {
            Node n = nodes.get(i);
            if (n.opType().equals(DYNAMIC_QUANTIZE) && n.inputs().contains(in)) {
                quantisedInput.addAll(n.outputs());
            }
        }
        Set<String> stop = new HashSet<>(quantisedInput);
        stop.add(in);
        stop.add(bias);
        List<Node> queryProjections = new ArrayList<>();
        Deque<String> todo = new ArrayDeque<>(List.of(scores.inputs().get(0)));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String tensor = todo.pop();
            if (tensor.isEmpty() || !seen.add(tensor) || stop.contains(tensor) || initializers.containsKey(tensor)) {
                continue;
            }
            Node n = nodes.get(producer.get(tensor));
            if (isWeightMatmul(n)) {
                queryProjections.add(n);
            } else {
                todo.addAll(n.inputs());
            }
        }
        if (queryProjections.size() != 1) {
            throw new OnnxFormatException(where + "expected one weight matmul behind the attention scores' first operand (the"
                + " query projection), found " + queryProjections.stream().map(Node::name).toList());
        }
        Node query = queryProjections.get(0);
        String queryInput = query.inputs().get(0);
        if (!stop.contains(queryInput)) {
            throw new OnnxFormatException(where + "the query projection " + query.name() + " reads " + queryInput
                + ", not the layer input " + in + " or its quantised form");
        }
        Integer quantiser = producer.get(queryInput);
        if (!queryInput.equals(in) && (quantiser == null || !slice.contains(quantiser))) {
            throw new OnnxFormatException(where + "the query input " + queryInput + " is produced outside the layer");
        }
        List<Node> residuals = slice.stream().map(nodes::get).filter(n -> n.opType().equals("Add") && n.inputs().contains(in)).toList();
        if (residuals.size() != 1) {
            throw new OnnxFormatException(where + "expected one Add reading the layer input (the attention residual), found "
                + residuals.stream().map(Node::name).toList());
        }
        Set<String> allPositions = new HashSet<>();
        for (int i : slice) {
            Node n = nodes.get(i);
            if (isWeightMatmul(n) && n != query && n.inputs().get(0).equals(queryInput)) {
                allPositions.add(n.name());
            }
        }
        return new FirstPosition(layer, in, query, queryInput, residuals.get(0), Set.copyOf(allPositions));
    }

    /**
     * What the cut found, from which any {@link LayerSpan}'s graph is written: the nodes of the embeddings and of
     * each layer (each set closed under what its outputs need, given its inputs), so a span is the union of its
     * layers' nodes, written in the original (topological) order. Holds the original model's bytes.
     */
    private final class Spans {
        private final List<String> hidden; // hidden.get(l): the state entering layer l; the last leaves the last layer
        private final String bias;
        private final Set<Integer> embeddingNodes;
        private final List<String> embeddingInputs;
        private final List<Set<Integer>> layerNodes;
        private final List<FirstPosition> firstPositions;

        Spans(List<String> hidden, String bias, Set<Integer> embeddingNodes, List<String> embeddingInputs,
              List<Set<Integer>> layerNodes, List<FirstPosition> firstPositions) {
            this.hidden = hidden;
            this.bias = bias;
            this.embeddingNodes = embeddingNodes;
            this.embeddingInputs = embeddingInputs;
            this.layerNodes = layerNodes;
            this.firstPositions = firstPositions;
        }

        byte[] graph(LayerSpan span) {
            if (span.to() >= layerNodes.size()) {
                throw new IllegalArgumentException("span " + span + " of a graph of " + layerNodes.size() + " layers");
            }
            Set<Integer> plain = new TreeSet<>();
            if (span.fromEmbeddings()) {
                plain.addAll(embeddingNodes);
            }
            int lastPlain = span.firstPositionLast() ? span.to() - 1 : span.to();
            for (int l = span.from(); l <= lastPlain; l++) {
                plain.addAll(layerNodes.get(l));
            }
            FirstPosition first = span.firstPositionLast() ? firstPositions.get(span.to()) : null;
            List<String> inputs = span.fromEmbeddings() ? embeddingInputs : List.of(hidden.get(span.from()), bias);
            String out = hidden.get(span.to() + 1);
            List<String> outputs = span.fromEmbeddings() ? List.of(out, bias) : List.of(out);
            return model(plain, first, first == null ? Set.of() : layerNodes.get(span.to()), inputs, outputs);
        }
    }

    private boolean isWeightMatmul(Node n) {
        if (!(n.opType().equals("MatMul") || n.opType().equals("MatMulInteger")) || n.inputs().size() < 2) {
            return false;
        }
        return initializers.containsKey(n.inputs().get(1));
    }

    /** The NodeProto's fields copied, its inputs named {@code from} renamed {@code to}. */
    private byte[] renamedInput(Node n, String from, String to) {
        ProtoFieldWriter out = new ProtoFieldWriter(n.span().end() - n.span().start());
        ProtoReader r = new ProtoReader(bytes, n.message().start(), n.message().end());
        while (r.hasMore()) {
            int start = r.position();
            int tag = r.readTag();
            if (ProtoReader.fieldNumber(tag) == 1 && ProtoReader.wireType(tag) == ProtoReader.LENGTH_DELIMITED) {
                String input = r.readString();
                out.stringField(1, input.equals(from) ? to : input);
            } else {
                r.skip(tag);
                out.raw(bytes, start, r.position());
            }
        }
        return out.toByteArray();
    }

    private static byte[] sliceNode(String name, String data, String starts, String ends, String axes, String output) {
        return new ProtoFieldWriter(256).stringField(1, data).stringField(1, starts).stringField(1, ends).stringField(1, axes)
            .stringField(2, output).stringField(3, name).stringField(4, "Slice").toByteArray();
    }

    /** A one-element int64 TensorProto (data type 7). */
    private static byte[] int64Tensor(String name, long value) {
        byte[] raw = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(value).array();
        return new ProtoFieldWriter(64).varintField(1, 1).varintField(2, 7).stringField(8, name).bytesField(9, raw).toByteArray();
    }

    /** The tensor every layer reads from outside the layers (Constant nodes aside, which each cut graph copies). */
    private String attentionBias(int layerCount) {
        Set<String> common = null;
        for (int l = 0; l < layerCount; l++) {
            Set<String> outside = crossing(-1, l);
            if (common == null) {
                common = new TreeSet<>(outside);
            } else {
                common.retainAll(outside);
            }
        }
        return single(common, "the layers and what precedes them (the attention bias every layer reads)");
    }

    /**
     * Tensors that nodes of layer {@code from} (-1: nodes outside any layer) produce for nodes of layer {@code to},
     * less the outputs of dynamic quantisation and of Constant nodes.
     */
    private Set<String> crossing(int from, int to) {
        Set<String> out = new TreeSet<>();
        for (Node n : nodes) {
            if (n.layer() != to) {
                continue;
            }
            for (String input : n.inputs()) {
                Integer p = producer.get(input);
                if (p == null) {
                    continue;
                }
                Node source = nodes.get(p);
                if (source.layer() == from && !source.opType().equals(DYNAMIC_QUANTIZE) && !source.opType().equals(CONSTANT)) {
                    out.add(input);
                }
            }
        }
        return out;
    }

    private static String single(Set<String> tensors, String between) {
        if (tensors.size() != 1) {
            throw new OnnxFormatException("expected one hidden-state tensor between " + between + ", found " + tensors);
        }
        return tensors.iterator().next();
    }

    /** The nodes {@code outputs} need when {@code inputs} are given: a walk back to inputs and initializers. */
    private Set<Integer> slice(List<String> outputs, Set<String> inputs, String what) {
        Set<Integer> needed = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(outputs);
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String tensor = todo.pop();
            if (tensor.isEmpty() || !seen.add(tensor) || inputs.contains(tensor) || initializers.containsKey(tensor)) {
                continue;
            }
            Integer p = producer.get(tensor);
            if (p == null) {
                throw new OnnxFormatException(what + " needs " + tensor + ", which is a graph input other than its own"
                    + " inputs " + inputs + " or is produced by no node");
            }
            if (needed.add(p)) {
                todo.addAll(nodes.get(p).inputs());
            }
        }
        return needed;
    }

    private boolean reads(Set<Integer> slice, String tensor) {
        return slice.stream().anyMatch(i -> nodes.get(i).inputs().contains(tensor));
    }

    /** A ModelProto of the original's model fields and a graph of {@code slice}'s nodes between the given tensors. */
    private byte[] model(Set<Integer> slice, List<String> inputs, List<String> outputs) {
        return model(slice, null, Set.of(), inputs, outputs);
    }

    /**
     * A ModelProto of the original's model fields and a graph of the {@code plain} nodes as they are, then, given
     * {@code first}, the first-position form of {@code firstNodes} (a layer's nodes) computing the first output; every
     * initializer they read, the inputs' and outputs' value infos and those of the tensors the plain nodes produce.
     */
    private byte[] model(Set<Integer> plain, FirstPosition first, Set<Integer> firstNodes, List<String> inputs, List<String> outputs) {
        ProtoFieldWriter graph = new ProtoFieldWriter(1 << 16);
        Set<String> produced = new HashSet<>();
        Set<String> read = new LinkedHashSet<>();
        for (int i : plain) {
            Node n = nodes.get(i);
            graph.raw(bytes, n.span().start(), n.span().end());
            produced.addAll(n.outputs());
            read.addAll(n.inputs());
        }
        if (first != null) {
            writeFirstPosition(graph, first, firstNodes, plain);
            firstNodes.forEach(i -> read.addAll(nodes.get(i).inputs()));
        }
        if (graphName != null) {
            graph.raw(bytes, graphName.start(), graphName.end());
        }
        for (String name : read) {
            Span init = initializers.get(name);
            if (init != null) {
                graph.raw(bytes, init.start(), init.end());
            }
        }
        if (first != null) {
            graph.bytesField(5, int64Tensor(first.prefix() + "starts", 0));
            graph.bytesField(5, int64Tensor(first.prefix() + "ends", 1));
            graph.bytesField(5, int64Tensor(first.prefix() + "axes", 1)); // the sequence axis of [batch, sequence, hidden]
        }
        for (String name : inputs) {
            valueInfo(graph, 11, name, graphInputs.getOrDefault(name, valueInfos.get(name)));
        }
        for (int o = 0; o < outputs.size(); o++) {
            String name = outputs.get(o);
            // a first-position output has one position where the original value info gives the sequence length
            valueInfo(graph, 12, name, first != null && o == 0 ? null : graphOutputs.getOrDefault(name, valueInfos.get(name)));
        }
        for (String name : produced) {
            Span info = valueInfos.get(name);
            if (info != null && !outputs.contains(name)) {
                graph.bytesField(13, bytes, info.start(), info.end());
            }
        }
        return wrap(graph.toByteArray());
    }

    /**
     * The first-position form of a layer's nodes ({@link FirstPosition}) less those already {@code written}: the
     * slice of the layer input first, the slice of its quantised form right after the quantiser.
     */
    private void writeFirstPosition(ProtoFieldWriter graph, FirstPosition first, Set<Integer> layer, Set<Integer> written) {
        String p = first.prefix();
        graph.bytesField(1, sliceNode(p + "Slice_input", first.in(), p + "starts", p + "ends", p + "axes", first.firstInput()));
        boolean quantised = !first.queryInput().equals(first.in());
        Integer quantiser = quantised ? producer.get(first.queryInput()) : null;
        byte[] sliceQueryInput = quantised
            ? sliceNode(p + "Slice_query_input", first.queryInput(), p + "starts", p + "ends", p + "axes", first.firstQueryInput())
            : null;
        if (quantised && written.contains(quantiser)) {
            graph.bytesField(1, sliceQueryInput);
        }
        for (int i : layer) {
            if (written.contains(i)) {
                continue;
            }
            Node n = nodes.get(i);
            if (n == first.query()) {
                graph.bytesField(1, renamedInput(n, first.queryInput(), first.firstQueryInput()));
            } else if (n == first.residual()) {
                graph.bytesField(1, renamedInput(n, first.in(), first.firstInput()));
            } else {
                graph.raw(bytes, n.span().start(), n.span().end());
            }
            if (quantiser != null && i == quantiser) {
                graph.bytesField(1, sliceQueryInput);
            }
        }
    }

    /** A ModelProto of the original's model-level fields around {@code graphBytes}. */
    private byte[] wrap(byte[] graphBytes) {
        ProtoFieldWriter model = new ProtoFieldWriter(graphBytes.length + 256);
        for (Span field : modelFields) {
            model.raw(bytes, field.start(), field.end());
        }
        model.bytesField(7, graphBytes);
        return model.toByteArray();
    }

    /** A graph input or output: the original value info of the tensor, else its name and the float element type. */
    private void valueInfo(ProtoFieldWriter graph, int field, String name, Span original) {
        if (original != null) {
            graph.bytesField(field, bytes, original.start(), original.end());
            return;
        }
        byte[] tensorType = new ProtoFieldWriter(8).varintField(1, FLOAT).toByteArray();
        byte[] type = new ProtoFieldWriter(16).bytesField(1, tensorType).toByteArray();
        graph.bytesField(field, new ProtoFieldWriter(name.length() + 32).stringField(1, name).bytesField(2, type).toByteArray());
    }
}
