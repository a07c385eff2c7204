package org.llmrerank.firststage;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.llmrerank.estimator.InputException;
import org.llmrerank.estimator.TopicsReader;

/**
 * Queries for label-free router training: the MS MARCO passage dev subset (6,980 queries) shipped inside Anserini
 * 0.13.3's jar, a runtime dependency of this module, or any {@code qid<TAB>query} file.
 */
public final class MsMarcoTopics {

    /** The name that stands for the MS MARCO passage dev subset. */
    public static final String DEV = "msmarco-dev";
    private static final String DEV_RESOURCE = "topics-and-qrels/topics.msmarco-passage.dev-subset.txt";

    private MsMarcoTopics() {}

    /** {@value #DEV} or a {@code qid<TAB>query} file. */
    public static List<TopicsReader.Topic> read(String source) {
        if (!source.equals(DEV)) {
            return TopicsReader.read(Path.of(source));
        }
        InputStream in = MsMarcoTopics.class.getClassLoader().getResourceAsStream(DEV_RESOURCE);
        if (in == null) {
            throw new InputException("--topics " + DEV + ": " + DEV_RESOURCE
                    + " is not on the classpath (it ships in io.anserini:anserini:0.13.3, a dependency of the CLI)");
        }
        try (InputStreamReader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return TopicsReader.read(reader, DEV_RESOURCE);
        } catch (IOException e) {
            throw new InputException(DEV_RESOURCE + ": " + e.getMessage(), e);
        }
    }
}
