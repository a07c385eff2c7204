package org.llmrerank.estimator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadersTest {

    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static void assertMessage(RuntimeException e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), () -> "'" + e.getMessage() + "' lacks '" + p + "'");
        }
    }

    @Test
    void topicsReadInOrderAndErrorsNameFileAndLine() throws IOException {
        Path ok = file("t.tsv", "1048585\twhat is paula deen's brother\n\n2\t Androgen receptor define \n");
        assertEquals(List.of(new TopicsReader.Topic("1048585", "what is paula deen's brother"),
                new TopicsReader.Topic("2", "Androgen receptor define")), TopicsReader.read(ok));
        Path noTab = file("t2.tsv", "1\ta\n2 b\n");
        assertMessage(assertThrows(InputException.class, () -> TopicsReader.read(noTab)), "t2.tsv:2:", "qid<TAB>query");
        Path empty = file("t3.tsv", "1\t \n");
        assertMessage(assertThrows(InputException.class, () -> TopicsReader.read(empty)), "t3.tsv:1:", "qid<TAB>query");
        Path twice = file("t4.tsv", "1\ta\n1\tb\n");
        assertMessage(assertThrows(InputException.class, () -> TopicsReader.read(twice)), "t4.tsv:2:", "1 appears twice");
        assertMessage(assertThrows(InputException.class, () -> TopicsReader.read(dir.resolve("none"))), "cannot read topics");
    }

    @Test
    void qrelsErrorsNameFileAndLine() throws IOException {
        Path f = file("q.txt", "1 0 a 1\n\n1 0 b x\n");
        assertMessage(assertThrows(InputException.class, () -> QrelsReader.read(f)), "q.txt:3:", "not an integer");
        Path g = file("q2.txt", "1 0 a 1\n1 0 a\n");
        assertMessage(assertThrows(InputException.class, () -> QrelsReader.read(g)), "q2.txt:2:", "4 fields");
        Path h = file("q3.txt", "1 0 a 1\n1 0 a 2\n");
        assertMessage(assertThrows(InputException.class, () -> QrelsReader.read(h)), "q3.txt:2:", "twice");
        assertMessage(assertThrows(InputException.class, () -> QrelsReader.read(dir.resolve("none"))), "cannot read");
    }

    @Test
    void runErrorsNameFileAndLine() throws IOException {
        Path f = file("r.txt", "1 Q0 a 1 2.5 t\n1 Q0 b 2 high t\n");
        assertMessage(assertThrows(InputException.class, () -> TrecRunReader.read(f)), "r.txt:2:", "score");
        Path g = file("r2.txt", "1 Q0 a 1 2.5 t\n1 Q0 a 2 2.0 t\n");
        assertMessage(assertThrows(InputException.class, () -> TrecRunReader.read(g)), "r2.txt:2:", "twice");
        Path h = file("r3.txt", "1 Q0 a one 2.5 t\n");
        assertMessage(assertThrows(InputException.class, () -> TrecRunReader.read(h)), "r3.txt:1:", "rank");
        Run ok = TrecRunReader.read(file("r4.txt", "2 Q0 a 1 2.5 t\n1 Q0 b 1 1 t\n"));
        assertEquals(List.of("2", "1"), List.copyOf(ok.queryIds()));
    }

    @Test
    void rankLlmJsonRoundTrip() throws IOException {
        Path f = file("run.json", """
                [
                  {"query": "q one", "hits": [
                    {"qid": 7, "docid": "d1", "rank": 1, "score": 3.5, "content": "alpha"},
                    {"qid": 7, "docid": "d2", "rank": 2, "score": 1.0, "content": "beta"}]},
                  {"query": "q two", "extra": {"ignored": [1, 2]}, "hits": [
                    {"qid": "8", "docid": 5, "rank": 1, "score": 0, "content": ""}]}
                ]""");
        List<QueryCandidates> q = RankLlmJsonReader.read(f);
        assertEquals("7", q.get(0).qid());
        assertEquals("q one", q.get(0).query());
        assertEquals("beta", q.get(0).candidates().get(1).content());
        assertEquals("5", q.get(1).candidates().get(0).docid());
        assertEquals(3.5, RankLlmJsonReader.toRun(q).of("7").get(0).score());
        assertTrue(RunFiles.isRankLlmJson(f));
    }

    @Test
    void rankLlmJsonErrorsNameTheLine() throws IOException {
        Path noScore = file("a.json", """
                [{"query": "q", "hits": [
                  {"qid": 1, "docid": "d1", "score": 1.0, "content": "x"},
                  {"qid": 1, "docid": "d2", "content": "y"}
                ]}]""");
        assertMessage(assertThrows(InputException.class, () -> RankLlmJsonReader.read(noScore)),
                "a.json:3:", "hit #1", "'score'");
        Path mixedQid = file("b.json", """
                [{"query": "q", "hits": [
                  {"qid": 1, "docid": "d1", "score": 1.0, "content": "x"},
                  {"qid": 2, "docid": "d2", "score": 1.0, "content": "y"}]}]""");
        assertMessage(assertThrows(InputException.class, () -> RankLlmJsonReader.read(mixedQid)), "b.json:3:", "qid");
        Path broken = file("c.json", "[{\"query\": \"q\",\n \"hits\": [ {\"qid\": 1,, } ]}]");
        assertMessage(assertThrows(InputException.class, () -> RankLlmJsonReader.read(broken)), "c.json:2:",
                "malformed JSON");
        Path notArray = file("d.json", "{}");
        assertMessage(assertThrows(InputException.class, () -> RankLlmJsonReader.read(notArray)), "d.json:1:");
        Path noHits = file("e.json", "[\n{\"query\": \"q\", \"hits\": []}]");
        assertMessage(assertThrows(InputException.class, () -> RankLlmJsonReader.read(noHits)), "e.json:2:", "hits");
        assertTrue(!RunFiles.isRankLlmJson(file("f.txt", "  \n1 Q0 a 1 1 t\n")));
    }
}
