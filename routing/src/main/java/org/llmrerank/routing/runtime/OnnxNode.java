package org.llmrerank.routing.runtime;

import java.util.List;

/**
 * One ONNX graph node, as far as weight mapping needs it: operator and wiring. A Constant node's
 * value tensor is kept because exporters put small constants (such as LayerNorm epsilon) there.
 */
public record OnnxNode(String name, String opType, List<String> inputs, List<String> outputs, OnnxTensorData value) {}
