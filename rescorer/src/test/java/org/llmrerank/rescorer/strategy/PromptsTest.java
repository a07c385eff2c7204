package org.llmrerank.rescorer.strategy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.rescorer.ModelException;

class PromptsTest {

    @Test
    void setwisePromptIsLlmRankersExactText() {
        assertEquals("Given a query \"q\", which of the following passages is the most relevant one to the query?\n\n"
                + "Passage A: \"one\"\n\nPassage B: \"two\"\n\nPassage C: \"three\"\n\n"
                + "Output only the passage label of the most relevant passage:",
                PromptTemplates.setwise("q", List.of("one", "two", "three")));
        assertThrows(IllegalArgumentException.class, () -> PromptTemplates.setwise("q", java.util.Collections.nCopies(24, "x")));
        assertEquals("Given a query \"q\", which of the following passages is the most relevant one to the query?\n\n"
                + "Passage A: \"one\"\n\nOutput only the passage label of the most relevant passage.",
                PromptTemplates.setwiseChat("q", List.of("one")).get(1).content());
    }

    @Test
    void pairwiseAndPointwisePromptsAreExact() {
        assertEquals("Given a query \"q\", which of the following two passages is more relevant to the query?\n\n"
                + "Passage A: \"a\"\n\nPassage B: \"b\"\n\nOutput Passage A or Passage B:", PromptTemplates.pairwise("q", "a", "b"));
        assertEquals("Passage: t\nQuery: q\nDoes the passage answer the query? Answer 'Yes' or 'No'",
                PromptTemplates.pointwiseYesNo("q", "t"));
        assertEquals("Passage: t\nPlease write a question based on this passage.", PromptTemplates.pointwiseQlm("t"));
    }

    @Test
    void rankGptCompletionPromptIsExact() {
        assertEquals("This is RankGPT, an intelligent assistant that can rank passages based on their relevancy to the query.\n\n"
                + "The following are 2 passages, each indicated by number identifier []. I can rank them based on their "
                + "relevance to query: q\n\n[1] a b\n\n[2] c\n\nThe search query is: qI will rank the 2 passages above based "
                + "on their relevance to the search query. The passages will be listed in descending order using identifiers, "
                + "and the most relevant passages should be listed first, and the output format should be [] > [] > etc, "
                + "e.g., [1] > [2] > etc.\n\nThe ranking results of the 2 passages (only identifiers) is:",
                PromptTemplates.rankGptCompletion("q", List.of("  a \n b ", "Title: Content: c")));
        var chat = PromptTemplates.rankGptChat("q", List.of("a"));
        assertEquals(6, chat.size());
        assertEquals("Received passage [1].", chat.get(4).content());
    }

    @Test
    void rankGptOutputParsingFollowsTheReference() {
        assertArrayEquals(new int[] {1, 0, 2}, RankGptOutput.parse("[2] > [1] > [2] > [9]", 3));
        assertArrayEquals(new int[] {2, 0, 1, 3}, RankGptOutput.parse("3, then 0 and 99999999999", 4));
        assertArrayEquals(new int[] {0, 1}, RankGptOutput.parse("I cannot rank these.", 2));
    }

    @Test
    void promptedModelsBuildThePromptAndReadLabelLogits() throws ModelException {
        List<String> prompts = new ArrayList<>();
        List<List<String>> labels = new ArrayList<>();
        LabelScorer scorer = new LabelScorer() {
            @Override
            public String name() {
                return "stub";
            }

            @Override
            public LabelLogits score(String prompt, List<String> l) {
                prompts.add(prompt);
                labels.add(l);
                double[] z = new double[l.size()];
                z[l.size() - 1] = 5; // always the last label
                return new LabelLogits(z, new CallCost(10, 12, 3, 1, 1));
            }
        };
        SetwiseJudgement s = new PromptedSetwiseModel(scorer).chooseMostRelevant("q", List.of("x", "y", "z"));
        assertEquals(PromptTemplates.setwise("q", List.of("x", "y", "z")), prompts.get(0));
        assertEquals(List.of("A", "B", "C"), labels.get(0));
        assertEquals(2, s.winner(new int[] {0, 1, 2}));
        assertEquals(12, s.cost().countedFlops());

        PairwiseVerdict v = new PromptedPairwiseModel(scorer).compareBothOrders("q", "x", "y");
        assertEquals(PromptTemplates.pairwise("q", "y", "x"), prompts.get(2));
        // "B" in both orders is position bias, not a preference
        assertEquals(PairwiseVerdict.Outcome.TIE, v.outcome());
        assertEquals(0, v.certainty());
        assertEquals(2, v.cost().prompts());

        ListwiseJudgement l = new LikelihoodListwiseModel(new PromptedSetwiseModel(scorer)).rankWindow("q", List.of("x", "y"));
        assertArrayEquals(new int[] {1, 0}, l.windowOrder(new int[] {0, 1}));
        assertEquals(RerankMethod.LISTWISE_LIKELIHOOD, new LikelihoodListwiseModel(new PromptedSetwiseModel(scorer)).method());
    }

    @Test
    void labelCertaintyIsNormalisedEntropy() {
        assertEquals(0, LabelDistribution.certainty(new double[] {0.2, 0.2, 0.2}), 1e-12);
        assertEquals(1, LabelDistribution.certainty(new double[] {0, 0.7, 0}), 1e-12);
        // unnormalised likelihoods are renormalised first
        assertEquals(LabelDistribution.certainty(new double[] {0.5, 0.25}), LabelDistribution.certainty(new double[] {0.2, 0.1}), 1e-12);
        // ties go to the smallest first-stage rank
        assertEquals(1, LabelDistribution.argmax(new double[] {0.4, 0.4, 0.2}, new int[] {9, 3, 0}));
    }

    @Test
    void callCostSumsAndLosesCountsWhenOneIsUnknown() {
        CallCost a = new CallCost(1, 2, 3, 4, 1);
        assertEquals(new CallCost(2, 4, 6, 8, 2), a.plus(a));
        assertEquals(-1, a.plus(new CallCost(1, -1, 0, 0, 1)).countedFlops());
        assertThrows(IllegalArgumentException.class, () -> new CallCost(-1, 0, 0, 0, 1));
    }
}
