package org.llmrerank.routing.crossencoder;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;
import org.llmrerank.estimator.Architecture;
import org.llmrerank.estimator.ConfigException;
import org.llmrerank.estimator.HfConfig;
import org.llmrerank.routing.runtime.BertConfig;

/**
 * What a cross-encoder's config.json says: its family, the encoder's shape, how many logits its head gives and where
 * its positions start. Read once from the config; every problem is a {@link ConfigException} naming the field.
 *
 * @param encoder        the blocks' shape; {@code maxPositions} counts the positions a token can take (for RoBERTa,
 *                       those after {@code pad_token_id + 1})
 * @param labels         logits of the head: 1 (the score) or 2 (not relevant, relevant)
 * @param positionOffset the table row of position 0: 0 for BERT, {@code pad_token_id + 1} for XLM-RoBERTa
 * @param padId          {@code pad_token_id}, written into padding positions (masked, but a RoBERTa graph numbers its
 *                       positions by counting the tokens that are not this id)
 */
public record CrossEncoderShape(CrossEncoderFamily family, BertConfig encoder, int labels, int positionOffset, int padId) {

    /** What {@code architectures} names in the config of every model this class describes. */
    public static final String ARCHITECTURE_SUFFIX = "ForSequenceClassification";

    public CrossEncoderShape {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(encoder, "encoder");
        if (labels != 1 && labels != 2) {
            throw new IllegalArgumentException("a cross-encoder head gives 1 or 2 logits, not " + labels);
        }
        if (positionOffset < 0) {
            throw new IllegalArgumentException("positionOffset must be >= 0, got " + positionOffset);
        }
        if (padId < 0 || padId >= encoder.vocab()) {
            throw new IllegalArgumentException("pad id " + padId + " is outside the vocabulary of " + encoder.vocab());
        }
    }

    /** Whether {@code config}'s {@code architectures} lists a sequence classifier (any model type). */
    public static boolean isSequenceClassifier(HfConfig config) {
        JsonNode a = config.node("architectures");
        if (a == null || !a.isArray()) {
            return false;
        }
        for (JsonNode n : a) {
            if (n.isTextual() && n.asText().endsWith(ARCHITECTURE_SUFFIX)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The shape a sequence classifier's config gives.
     *
     * @throws ConfigException naming the field: a family we do not run, an activation or position scheme our blocks do
     *                         not compute, a head of other than 1 or 2 logits, a shape field out of range
     */
    public static CrossEncoderShape of(HfConfig config) {
        String type = config.modelType();
        CrossEncoderFamily family = CrossEncoderFamily.ofModelType(type).orElseThrow(() -> config.problem("model_type",
            HfConfig.quoted(type) + " is not a cross-encoder family we run; supported: "
                + Arrays.stream(CrossEncoderFamily.values()).map(CrossEncoderFamily::modelType).collect(Collectors.joining(", ", "[", "]"))));
        String act = config.text("hidden_act", "gelu");
        if (!act.equals("gelu")) {
            throw config.problem("hidden_act", HfConfig.quoted(act) + " is not supported: the blocks compute erf GELU ([gelu])");
        }
        String positions = config.text("position_embedding_type", "absolute");
        if (!positions.equals("absolute")) {
            throw config.problem("position_embedding_type", HfConfig.quoted(positions) + " is not supported: only [absolute] positions");
        }
        Architecture a = config.encoderArchitecture(config.source());
        int tablePositions = config.positiveInt("max_position_embeddings");
        int padId = config.integer("pad_token_id", family == CrossEncoderFamily.BERT ? 0 : 1);
        if (padId < 0 || padId >= a.vocab()) {
            throw config.problem("pad_token_id", "(" + padId + ") is outside the vocabulary of " + a.vocab());
        }
        int offset = family.positionsAfterPadding() ? padId + 1 : 0;
        if (offset >= tablePositions) {
            throw config.problem("pad_token_id", "puts the first position at " + offset + ", outside the "
                + tablePositions + " max_position_embeddings");
        }
        int typeVocab = config.positiveInt("type_vocab_size", family == CrossEncoderFamily.BERT ? 2 : 1);
        float eps = (float) config.positiveNumber("layer_norm_eps", family.defaultLayerNormEps());
        BertConfig encoder = new BertConfig(a.nLayer(), a.dModel(), a.nHeads(), a.dFf(), a.vocab(), tablePositions - offset,
            typeVocab, eps);
        return new CrossEncoderShape(family, encoder, labels(config), offset, padId);
    }

    /** {@code num_labels}, else the size of {@code id2label}, else Hugging Face's default of 2. */
    private static int labels(HfConfig config) {
        int labels;
        if (config.hasValue("num_labels")) {
            labels = config.positiveInt("num_labels");
        } else {
            JsonNode id2label = config.node("id2label");
            labels = id2label != null && id2label.isObject() && !id2label.isEmpty() ? id2label.size() : 2;
        }
        if (labels != 1 && labels != 2) {
            throw config.problem(config.hasValue("num_labels") ? "num_labels" : "id2label",
                "gives " + labels + " labels; a relevance head has 1 (the score) or 2 (not relevant, relevant)");
        }
        return labels;
    }

    /** The estimator's view of the encoder, named {@code name}. */
    public Architecture architecture(String name) {
        return encoder.architecture(name);
    }
}
