package org.llmrerank.routing.crossencoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.llmrerank.estimator.ConfigException;
import org.llmrerank.estimator.HfConfig;

/** What a sequence classifier's config.json gives, and a refusal naming the field for each config we cannot run. */
class CrossEncoderShapeTest {

    private static HfConfig config(CrossEncoderFamily family, int labels, Consumer<ObjectNode> edit) {
        ObjectNode c = StandInCrossEncoder.config(family, labels);
        edit.accept(c);
        return HfConfig.of(c, "m/config.json");
    }

    @Test
    void bertNumbersPositionsFromZeroAndXlmRobertaAfterItsPadding() {
        CrossEncoderShape bert = CrossEncoderShape.of(config(CrossEncoderFamily.BERT, 2, c -> {}));
        assertEquals(CrossEncoderFamily.BERT, bert.family());
        assertEquals(2, bert.labels());
        assertEquals(0, bert.positionOffset());
        assertEquals(StandInCrossEncoder.POSITIONS, bert.encoder().maxPositions());
        assertEquals(1e-12f, bert.encoder().layerNormEps());

        CrossEncoderShape xlmr = CrossEncoderShape.of(config(CrossEncoderFamily.XLM_ROBERTA, 1, c -> c.remove("layer_norm_eps")));
        assertEquals(2, xlmr.positionOffset(), "pad_token_id 1, so the first token sits at row 2");
        assertEquals(StandInCrossEncoder.POSITIONS, xlmr.encoder().maxPositions(), "514-style tables: two rows are never a token's");
        assertEquals(1e-5f, xlmr.encoder().layerNormEps(), "RoBERTa's default");
        assertEquals(1, xlmr.encoder().typeVocab());
    }

    @Test
    void labelsComeFromNumLabelsOrId2label() {
        assertEquals(1, CrossEncoderShape.of(config(CrossEncoderFamily.BERT, 1, c -> {})).labels());
        assertEquals(2, CrossEncoderShape.of(config(CrossEncoderFamily.BERT, 1, c -> c.remove("id2label"))).labels(),
            "Hugging Face's default head has two labels");
        assertEquals(1, CrossEncoderShape.of(config(CrossEncoderFamily.BERT, 2, c -> c.put("num_labels", 1))).labels());
    }

    @Test
    void configsWeCannotRunAreRefusedNamingTheField() {
        assertField("num_labels", config(CrossEncoderFamily.BERT, 2, c -> c.put("num_labels", 3)));
        assertField("id2label", config(CrossEncoderFamily.BERT, 3, c -> {}));
        assertField("model_type", config(CrossEncoderFamily.BERT, 1, c -> c.put("model_type", "distilbert")));
        assertField("hidden_act", config(CrossEncoderFamily.BERT, 1, c -> c.put("hidden_act", "relu")));
        assertField("position_embedding_type", config(CrossEncoderFamily.BERT, 1, c -> c.put("position_embedding_type", "relative_key")));
        assertField("pad_token_id", config(CrossEncoderFamily.XLM_ROBERTA, 1, c -> c.put("max_position_embeddings", 2)));
        assertField("hidden_size", config(CrossEncoderFamily.BERT, 1, c -> c.put("hidden_size", 30)));
    }

    @Test
    void aSequenceClassifierIsToldApartByItsArchitectures() {
        assertTrue(CrossEncoderShape.isSequenceClassifier(config(CrossEncoderFamily.XLM_ROBERTA, 1, c -> {})));
        assertFalse(CrossEncoderShape.isSequenceClassifier(config(CrossEncoderFamily.BERT, 1,
            c -> c.putArray("architectures").add("BertModel"))));
        assertFalse(CrossEncoderShape.isSequenceClassifier(config(CrossEncoderFamily.BERT, 1, c -> c.remove("architectures"))));
    }

    private static void assertField(String field, HfConfig config) {
        ConfigException e = assertThrows(ConfigException.class, () -> CrossEncoderShape.of(config));
        assertEquals(field, e.field(), e.getMessage());
    }
}
