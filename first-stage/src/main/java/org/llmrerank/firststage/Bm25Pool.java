package org.llmrerank.firststage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.llmrerank.estimator.QueryCandidates;

/**
 * A first stage for queries that come without one: the distinct passages of a run file in an in-memory Lucene index,
 * searched with BM25 as Anserini searches MS MARCO passages (English analyzer with Porter stemming, a bag of words
 * of the query's terms, k1 0.9, b 0.4). Label-free router training gives real queries that have no judged run a
 * candidate list to rerank with it, so routers can be trained without qrels and evaluated on every judged query.
 */
public final class Bm25Pool implements AutoCloseable {

    private static final String ID = "id";
    private static final String TEXT = "contents";

    private final Analyzer analyzer = new EnglishAnalyzer();
    private final Directory directory = new ByteBuffersDirectory();
    private final DirectoryReader reader;
    private final IndexSearcher searcher;
    private final int size;

    private Bm25Pool(List<QueryCandidates> runs) throws IOException {
        Map<String, String> passages = new LinkedHashMap<>();
        for (QueryCandidates q : runs) {
            for (QueryCandidates.Candidate c : q.candidates()) {
                passages.putIfAbsent(c.docid(), c.content());
            }
        }
        BM25Similarity bm25 = new BM25Similarity(0.9f, 0.4f);
        try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(analyzer).setSimilarity(bm25))) {
            for (Map.Entry<String, String> p : passages.entrySet()) {
                Document d = new Document();
                d.add(new StoredField(ID, p.getKey()));
                d.add(new TextField(TEXT, p.getValue(), Field.Store.YES));
                writer.addDocument(d);
            }
        }
        reader = DirectoryReader.open(directory);
        searcher = new IndexSearcher(reader);
        searcher.setSimilarity(bm25);
        size = passages.size();
    }

    /** The distinct passages (by docid, first text wins) of {@code runs}. */
    public static Bm25Pool of(List<QueryCandidates> runs) {
        try {
            return new Bm25Pool(runs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot index the passage pool in memory", e);
        }
    }

    /** Distinct passages indexed. */
    public int size() {
        return size;
    }

    /** The BM25 top {@code k} for {@code query}, best first (ties by index order, Lucene's), with their texts. */
    public QueryCandidates search(String qid, String query, int k) {
        try {
            BooleanQuery.Builder bag = new BooleanQuery.Builder();
            for (String term : terms(query)) {
                bag.add(new TermQuery(new Term(TEXT, term)), BooleanClause.Occur.SHOULD);
            }
            List<QueryCandidates.Candidate> hits = new ArrayList<>();
            StoredFields stored = searcher.storedFields();
            for (ScoreDoc s : searcher.search(bag.build(), k).scoreDocs) {
                Document d = stored.document(s.doc);
                hits.add(new QueryCandidates.Candidate(d.get(ID), s.score, d.get(TEXT)));
            }
            return new QueryCandidates(qid, query, hits);
        } catch (IOException e) {
            throw new UncheckedIOException("BM25 search of the in-memory pool failed", e);
        }
    }

    private List<String> terms(String query) throws IOException {
        List<String> terms = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream(TEXT, query)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                terms.add(term.toString());
            }
            ts.end();
        }
        return terms;
    }

    @Override
    public void close() throws IOException {
        reader.close();
        directory.close();
        analyzer.close();
    }
}
