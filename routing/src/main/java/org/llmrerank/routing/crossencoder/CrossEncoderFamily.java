package org.llmrerank.routing.crossencoder;

import java.util.Arrays;
import java.util.Optional;

/**
 * The encoder families whose sequence classifiers we run, with what differs between them: the tensor name prefix of
 * their checkpoints, where positions start and the LayerNorm epsilon Hugging Face defaults to. The blocks are the same
 * post-LayerNorm BERT blocks in both.
 */
public enum CrossEncoderFamily {
    /** {@code BertForSequenceClassification}: {@code [CLS] query [SEP] passage [SEP]}, the pooler then the classifier. */
    BERT("bert", "bert.", 1e-12f, false),
    /**
     * {@code XLMRobertaForSequenceClassification}: {@code <s> query </s></s> passage </s>}, classifier.dense then
     * classifier.out_proj; positions are numbered from {@code pad_token_id + 1}.
     */
    XLM_ROBERTA("xlm-roberta", "roberta.", 1e-5f, true);

    private final String modelType;
    private final String tensorPrefix;
    private final float defaultLayerNormEps;
    private final boolean positionsAfterPadding;

    CrossEncoderFamily(String modelType, String tensorPrefix, float defaultLayerNormEps, boolean positionsAfterPadding) {
        this.modelType = modelType;
        this.tensorPrefix = tensorPrefix;
        this.defaultLayerNormEps = defaultLayerNormEps;
        this.positionsAfterPadding = positionsAfterPadding;
    }

    /** {@code model_type} in config.json. */
    public String modelType() {
        return modelType;
    }

    /** What the encoder's tensors are named under in a {@code *ForSequenceClassification} checkpoint. */
    public String tensorPrefix() {
        return tensorPrefix;
    }

    public float defaultLayerNormEps() {
        return defaultLayerNormEps;
    }

    /** Whether the first token's position is {@code pad_token_id + 1} (RoBERTa's numbering) rather than 0. */
    public boolean positionsAfterPadding() {
        return positionsAfterPadding;
    }

    public static Optional<CrossEncoderFamily> ofModelType(String modelType) {
        return Arrays.stream(values()).filter(f -> f.modelType.equals(modelType)).findFirst();
    }
}
