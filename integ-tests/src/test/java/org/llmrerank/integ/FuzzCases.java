package org.llmrerank.integ;

import static org.llmrerank.integ.FuzzJson.arr;
import static org.llmrerank.integ.FuzzJson.obj;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.llmrerank.integ.FuzzJson.Arr;
import org.llmrerank.integ.FuzzJson.Obj;
import org.llmrerank.integ.FuzzJson.Raw;
import org.llmrerank.integ.FuzzMutator.Kind;
import org.llmrerank.integ.FuzzMutator.Mutation;
import org.llmrerank.integ.FuzzMutator.Spec;
import org.llmrerank.integ.FuzzTarget.Api;

/**
 * The fuzz cases, one generator per family: each builds a valid request at random, then mutates it (or its path, or its
 * bytes, or its content type) and records what the node must do. A case is a pure function of (seed, family, number),
 * so {@code -Dtests.fuzz.only=family#number} replays one.
 */
final class FuzzCases {

    /** Index the cases search: one shard, so that first-stage ties break the same way in every search. */
    static final String INDEX = "fz-docs";
    /** Model directories (relative to the models directory) that hold a valid model. */
    static final Set<String> ACCEPTABLE_MODEL_PATHS = Set.of("good", "inside_link");
    static final List<String> QUERIES = List.of("how long is the life cycle of a flea", "brewing coffee with a french press",
        "do solar panels work in winter", "flea", "coffee grind size");

    /** What a case is and what the node must do with it. */
    record Case(String family, int number, String what, String method, String path, String body, String contentType,
                Set<String> names, boolean locationOk, boolean mustRefuse, boolean mustAccept, Set<Integer> alsoAllowed,
                Obj search, String knownBug, String modelToDelete, boolean settings) {

        String id() {
            return family + "#" + number;
        }
    }

    private final FuzzTarget target;
    private final long seed;
    private final boolean nodeKillers;

    FuzzCases(FuzzTarget target, long seed, boolean nodeKillers) {
        this.target = target;
        this.seed = seed;
        this.nodeKillers = nodeKillers;
    }

    /** The same stream for the same (seed, family, number), whatever else ran. */
    private Random random(String family, int number) {
        return new Random(seed * 1_000_003L + family.hashCode() * 8191L + number);
    }

    // ---------------------------------------------------------------- (a) the clause and its surroundings

    static final Map<String, Spec> CLAUSE_SPECS = clauseSpecs("");

    private static Map<String, Spec> clauseSpecs(String prefix) {
        Map<String, Spec> s = new HashMap<>();
        for (String r : List.of("rescore", "rescore[]")) {
            String c = prefix + r + ".llm_rerank";
            // parsed by the engine's rescore parser, so its parse errors point at the body location
            s.put(prefix + r + ".window_size", new Spec(Kind.WINDOW, false, Set.of(), Set.of(), false));
            s.put(c, Spec.of(Kind.PLUGIN_OBJ));
            s.put(c + ".model", Spec.of(Kind.NONBLANK).asRequired());
            s.put(c + ".field", Spec.of(Kind.NONBLANK).asRequired());
            s.put(c + ".strategy", Spec.oneOf("auto", "pointwise", "pointwise.embedding", "pointwise.yes_no", "pointwise.qlm",
                "setwise.heapsort", "setwise.bubblesort", "listwise", "pairwise.allpair", "pairwise.heapsort", "pairwise.bubblesort"));
            s.put(c + ".flops_budget", Spec.of(Kind.BUDGET));
            s.put(c + ".top_k", Spec.of(Kind.POS_INT));
            s.put(c + ".timeout", Spec.of(Kind.DURATION));
            s.put(c + ".query_text", Spec.of(Kind.NONBLANK));
        }
        s.put(prefix + "from", Spec.of(Kind.ENGINE_INT));
        s.put(prefix + "size", Spec.of(Kind.ENGINE_INT));
        // a query that is no longer a single text query is refused as a missing [llm_rerank.query_text]
        s.put(prefix + "query", Spec.of(Kind.ENGINE).withRelated("query_text"));
        s.put(prefix + "query.match", Spec.of(Kind.ENGINE).withRelated("query_text"));
        s.put(prefix + "query.match.text", Spec.of(Kind.ENGINE).withRelated("query_text"));
        return s;
    }

    /** A valid search with the clause, with random surroundings; the refusals it must meet come back in {@code expect}. */
    private Obj validSearch(FuzzMutator m, Expect expect, boolean cheap) {
        String q = m.pick(QUERIES);
        Obj clause = obj("model", m.chance(0.85) ? "bge-small" : "all-minilm-l6-v2", "field", "text", "timeout", "10s");
        if (m.chance(0.5)) {
            clause.put("strategy", m.pick("auto", "pointwise", "pointwise.embedding"));
        }
        if (m.chance(0.4)) {
            clause.put("top_k", (long) (1 + m.nextInt(10)));
        }
        if (m.chance(0.3)) {
            clause.put("flops_budget", m.pick("5tf", "1e12", "100gf", (Object) 5e12));
        }
        Object query = obj("match", obj("text", q));
        if (m.chance(0.2)) {
            query = obj("bool", obj("should", arr(obj("match", obj("text", q)))));
        } else if (m.chance(0.15)) {
            query = obj("match_all", obj());
            clause.put("query_text", q);
        } else if (m.chance(0.2)) {
            clause.put("query_text", q + " please");
        }
        long window = 1 + m.nextInt(cheap ? 5 : 10);
        Obj rescore = obj("window_size", window, "llm_rerank", clause);
        Obj body = obj("query", query, "from", (long) m.pick(0, 0, 0, 1, 2, 5, 9, 12), "size", (long) m.pick(0, 1, 3, 5, 5, 10, 20));
        if (cheap) {
            body.put("from", 0L).put("size", 5L);
        }
        body.put("rescore", rescore);
        if (cheap) {
            return body;
        }
        switch (m.nextInt(14)) {
            case 0 -> body.put("_source", m.pick(Boolean.FALSE, arr("title"), obj("excludes", arr("text")), "title"));
            case 1 -> {
                Object stored = m.pick(arr("_none_"), arr(), arr("title"), "_none_");
                body.put("stored_fields", stored);
                // _none_ turns _source off, where the model reads its field: a 400; a list still reranks
                if ("_none_".equals(stored) || (stored instanceof Arr a && a.items.contains("_none_"))) {
                    expect.refuse("stored_fields");
                }
            }
            case 2 -> body.put("explain", Boolean.TRUE);
            case 3 -> body.put("track_total_hits", Boolean.TRUE).put("min_score", 0.01);
            case 4 -> body.put("rescore", arr(obj("window_size", 20L, "query", obj("rescore_query", obj("match", obj("title", "a")))), rescore));
            case 5 -> {
                body.put("rescore", arr(rescore, obj("window_size", 5L, "query", obj("rescore_query", obj("match_all", obj())))));
                expect.refuse("rescore");
            }
            case 6 -> {
                // both rescorers in one object: either refused naming them, or the rerank runs (never silently dropped)
                rescore.put("query", obj("rescore_query", obj("match", obj("title", "a"))));
                expect.refuse("rescore");
                expect.names.add("query");
            }
            case 7 -> {
                body.put("rescore", arr(obj("window_size", 3L, "llm_rerank", FuzzJson.copy(clause)), rescore));
                expect.refuse("rescore");
            }
            case 8 -> {
                body.put("sort", m.pick(arr(obj("n", "asc")), arr("_doc"), arr("_score", obj("n", "desc"))));
                expect.refuse("sort");
            }
            case 9 -> body.put("sort", arr("_score"));
            case 10 -> {
                body.put("collapse", obj("field", "title"));
                expect.refuse("collapse");
            }
            case 11 -> {
                body.put("from", 5L).put("size", m.pick(2147483647L, 2147483642L, 2147483600L));
                expect.names.addAll(List.of("from", "size", "max_result_window"));
            }
            case 12 -> expect.scroll = true;
            default -> { }
        }
        return body;
    }

    /** Refusals the valid request's surroundings already call for. */
    static final class Expect {
        final Set<String> names = new LinkedHashSet<>();
        boolean mustRefuse;
        boolean scroll;
        String knownBug;

        void refuse(String name) {
            mustRefuse = true;
            names.add(name);
        }
    }

    Case clause(int n) {
        Random r = random("clause", n);
        FuzzMutator m = new FuzzMutator(r, CLAUSE_SPECS, nodeKillers);
        Expect e = new Expect();
        Obj body = validSearch(m, e, false);
        String path = target.path(Api.SEARCH, INDEX) + (e.scroll ? "?scroll=1m" : "");
        if (e.scroll) {
            e.refuse("scroll");
            e.names.add("rescore");
        }
        return mutated("clause", n, m, e, "POST", path, body, true);
    }

    // ---------------------------------------------------------------- (a') the retriever (Elasticsearch)

    static final Map<String, Spec> RETRIEVER_SPECS = retrieverSpecs();

    private static Map<String, Spec> retrieverSpecs() {
        Map<String, Spec> s = new HashMap<>();
        String r = "retriever.llm_rerank";
        // emptied, it is refused naming what it lacks: the inner retriever first
        s.put(r, Spec.of(Kind.PLUGIN_OBJ).withRelated("retriever", "model", "field"));
        s.put(r + ".model", Spec.of(Kind.NONBLANK).asRequired());
        s.put(r + ".field", Spec.of(Kind.NONBLANK).asRequired());
        s.put(r + ".strategy", CLAUSE_SPECS.get("rescore.llm_rerank.strategy"));
        s.put(r + ".flops_budget", Spec.of(Kind.BUDGET));
        s.put(r + ".top_k", Spec.of(Kind.POS_INT));
        s.put(r + ".timeout", Spec.of(Kind.DURATION));
        s.put(r + ".query_text", Spec.of(Kind.NONBLANK));
        s.put(r + ".rank_window_size", new Spec(Kind.WINDOW, true, Set.of(), Set.of(), false));
        // the inner retriever is the engine's to parse; without a single text query, [query_text] is what is missing
        s.put(r + ".retriever", Spec.of(Kind.ENGINE).withRelated("query_text"));
        s.put(r + ".retriever.standard.query", Spec.of(Kind.ENGINE).withRelated("query_text"));
        s.put(r + ".retriever.standard.query.match", Spec.of(Kind.ENGINE).withRelated("query_text"));
        s.put(r + ".retriever.standard.query.match.text", Spec.of(Kind.ENGINE).withRelated("query_text"));
        // the engine refuses a page past the index's result window naming that setting
        s.put("from", Spec.of(Kind.ENGINE_INT).withRelated("max_result_window"));
        s.put("size", Spec.of(Kind.ENGINE_INT).withRelated("max_result_window"));
        return s;
    }

    /** A valid search through the retriever, with random surroundings; the refusals they call for come back in {@code expect}. */
    private Obj validRetrieverSearch(FuzzMutator m, Expect expect) {
        String q = m.pick(QUERIES);
        Obj rerank = obj("retriever", obj("standard", obj("query", obj("match", obj("text", q)))), "field", "text",
            "model", m.chance(0.85) ? "bge-small" : "all-minilm-l6-v2", "timeout", "10s");
        if (m.chance(0.5)) {
            rerank.put("strategy", m.pick("auto", "pointwise", "pointwise.embedding"));
        }
        if (m.chance(0.4)) {
            rerank.put("top_k", (long) (1 + m.nextInt(10)));
        }
        if (m.chance(0.3)) {
            rerank.put("flops_budget", m.pick("5tf", "1e12", "100gf", (Object) 5e12));
        }
        if (m.chance(0.2)) {
            rerank.put("retriever", obj("standard", obj("query", obj("match_all", obj()))));
            rerank.put("query_text", q);
        } else if (m.chance(0.2)) {
            rerank.put("query_text", q + " please");
        }
        long window = 10;
        if (m.chance(0.7)) {
            window = 1 + m.nextInt(10);
            rerank.put("rank_window_size", window);
        }
        long size = m.pick(0, 1, 3, 5, 5, 10, 20);
        if (size > window) {
            if (m.chance(0.8)) {
                size = window;
            } else {
                // the engine's rule for every compound retriever: the window holds the page
                expect.refuse("rank_window_size");
                expect.names.add("size");
            }
        }
        Obj body = obj("retriever", obj("llm_rerank", rerank), "from", (long) m.pick(0, 0, 0, 1, 2, 5, 9, 12), "size", size);
        switch (m.nextInt(10)) {
            case 0 -> body.put("_source", m.pick(Boolean.FALSE, arr("title"), obj("excludes", arr("text")), "title"));
            case 1 -> body.put("explain", Boolean.TRUE);
            case 2 -> body.put("track_total_hits", Boolean.TRUE);
            case 3 -> {
                // a retriever is the whole search: the engine refuses a query or a rescore beside it
                if (m.chance(0.5)) {
                    body.put("query", obj("match_all", obj()));
                } else {
                    body.put("rescore", obj("window_size", 5L, "query", obj("rescore_query", obj("match_all", obj()))));
                }
                expect.refuse("retriever");
                expect.names.addAll(List.of("query", "rescore"));
            }
            default -> { }
        }
        return body;
    }

    Case retriever(int n) {
        Random r = random("retriever", n);
        FuzzMutator m = new FuzzMutator(r, RETRIEVER_SPECS, nodeKillers);
        Expect e = new Expect();
        Obj body = validRetrieverSearch(m, e);
        return mutated("retriever", n, m, e, "POST", target.path(Api.SEARCH, INDEX), body, true);
    }

    /** Applies 0 to 2 mutations to {@code body}, then maybe breaks its bytes or content type, and builds the case. */
    private Case mutated(String family, int n, FuzzMutator m, Expect e, String method, String path, Obj body, boolean search) {
        StringBuilder what = new StringBuilder(e.names.isEmpty() ? "valid" : "surroundings " + e.names);
        Set<String> names = new LinkedHashSet<>(e.names);
        boolean refuse = e.mustRefuse;
        boolean location = e.names.isEmpty();
        String knownBug = e.knownBug;
        int mutations = m.pick(0, 1, 1, 1, 2);
        for (int i = 0; i < mutations; i++) {
            Mutation mu = m.mutate(body);
            what.append("; ").append(mu.what());
            names.addAll(mu.names());
            refuse |= mu.mustRefuse();
            location |= mu.pluginField() == false;
            knownBug = knownBug != null ? knownBug : mu.knownBug();
        }
        String text = FuzzJson.write(body);
        String contentType = "application/json";
        Set<Integer> alsoAllowed = Set.of();
        int bytes = m.nextInt(100);
        if (bytes < 7) {
            text = brokenJson(m, text);
            what.append("; invalid JSON");
            refuse = true;
            location = true;
        } else if (bytes < 11) {
            contentType = m.pick("text/plain", "application/x-www-form-urlencoded", "application/cbor", "application/smile",
                "application/json; charset=utf-16", "");
            what.append("; content type [").append(contentType).append("]");
            // a body the node cannot read as the declared type: 400, or 406 for a type it does not take
            // (Elasticsearch reads JSON as UTF-8 whatever the charset, so a UTF-8 body declared UTF-16 is read as sent)
            refuse |= contentType.contains("charset=utf-16") == false || target.readsJsonAsUtf8() == false;
            location = true;
            alsoAllowed = Set.of(406, 415);
            names.add("Content-Type");
        }
        return new Case(family, n, what.toString(), method, path, text, contentType, names, location, refuse, false, alsoAllowed,
            search && bytes >= 11 ? body : null, knownBug, null, false);
    }

    private static String brokenJson(FuzzMutator m, String text) {
        return switch (m.nextInt(6)) {
            case 0 -> text.substring(0, Math.max(1, m.nextInt(text.length())));
            case 1 -> text.replaceFirst(":", ": NaN,");
            case 2 -> text.substring(0, text.length() - 1) + ",}";
            case 3 -> text.replace('"', '\'');
            case 4 -> text + "}";
            default -> "{" + text;
        };
    }

    // ---------------------------------------------------------------- (b) _eval

    static final Map<String, Spec> EVAL_SPECS = evalSpecs();

    private static Map<String, Spec> evalSpecs() {
        Map<String, Spec> s = new HashMap<>(clauseSpecs("requests[].request."));
        s.put("", Spec.of(Kind.PLUGIN_OBJ));
        s.put("index", Spec.of(Kind.NONBLANK).asRequired());
        s.put("id_field", Spec.of(Kind.NONBLANK));
        s.put("k", Spec.of(Kind.POS_INT));
        s.put("requests", Spec.of(Kind.PLUGIN_ARR).asRequired());
        s.put("requests[]", Spec.of(Kind.PLUGIN_OBJ));
        s.put("requests[].id", Spec.of(Kind.ENGINE).asRequired());
        s.put("requests[].request", Spec.of(Kind.PLUGIN_OBJ).asRequired());
        s.put("qrels", Spec.of(Kind.DATA_OBJ));
        s.put("qrels.*", Spec.of(Kind.DATA_OBJ));
        s.put("qrels.*.*", Spec.of(Kind.GRADE));
        s.put("qrels_trec", Spec.of(Kind.STRING));
        return s;
    }

    Case eval(int n) {
        Random r = random("eval", n);
        FuzzMutator m = new FuzzMutator(r, EVAL_SPECS, nodeKillers);
        Expect e = new Expect();
        Arr requests = new Arr();
        Obj qrels = new Obj();
        StringBuilder trec = new StringBuilder();
        int queries = 1 + m.nextInt(2);
        for (int i = 0; i < queries; i++) {
            String qid = "q" + i;
            requests.add(obj("id", qid, "request", validSearch(m, new Expect(), true)));
            Obj grades = new Obj();
            int first = m.nextInt(29);
            for (int d = 0; d < 3; d++) {
                // distinct: a document judged twice for one query is refused
                String docid = "d" + (first + d);
                long grade = m.nextInt(4);
                grades.put(docid, grade);
                trec.append(qid).append(" 0 ").append(docid).append(' ').append(grade).append('\n');
            }
            qrels.put(qid, grades);
        }
        Obj body = obj("index", m.pick(INDEX, INDEX, "fz-doc*", "fz-nothing-*"), "id_field", "docid", "k", (long) m.pick(1, 5, 10),
            "requests", requests);
        if (m.chance(0.7)) {
            body.put("qrels", qrels);
        } else {
            String text = trec.toString();
            if (m.chance(0.5)) {
                // a broken TREC line: every one must be refused naming [qrels_trec]
                String line = m.pick("q0 0 d1 1.5", "q0 0 d1", "q0 0 d1 x", "q0 0 d1 2 extra", "q0\t0\td1\t-1", "q0 0 d1 99999999999",
                    "q0 0 d1 " + (nodeKillers ? m.pick("1000000000", "2147483647") : "1e3"));
                boolean fine = line.startsWith("q0\t") || line.endsWith("1000000000") || line.endsWith("2147483647");
                text = m.chance(0.5) ? line + "\n" + text : text + line + "\n";
                e.names.add("qrels_trec");
                e.mustRefuse = fine == false;
            }
            body.put("qrels_trec", text);
        }
        if (m.chance(0.05)) {
            // both forms at once
            body.put("qrels", qrels).put("qrels_trec", trec.toString());
            e.refuse("qrels");
        }
        Case c = mutated("eval", n, m, e, "POST", target.path(Api.EVAL), body, false);
        // an index (or pattern) that names no index is a 404, as it is for a search
        return new Case(c.family(), n, c.what(), c.method(), c.path(), c.body(), c.contentType(), c.names(), c.locationOk(),
            c.mustRefuse(), false, c.alsoAllowed().isEmpty() ? Set.of(404) : Set.of(404, 406, 415), null, c.knownBug(), null, false);
    }

    /**
     * The _eval bodies that have taken the node down (a stack overflow over ~70 size-0 requests on an index pattern that
     * matches nothing; grades of 1e9 and 2^31-1): run last, behind tests.fuzz.node_killers.
     */
    List<Case> nodeKillerCases() {
        Arr requests = new Arr();
        Obj qrels = new Obj();
        for (int i = 0; i < 70; i++) {
            requests.add(obj("id", "q" + i, "request", obj("size", 0L, "query", obj("match", obj("text", "flea")),
                "rescore", obj("window_size", 5L, "llm_rerank", obj("model", "bge-small", "field", "text")))));
            qrels.put("q" + i, obj("d1", 1L));
        }
        Obj overflow = obj("index", "fz-nothing-*", "id_field", "docid", "requests", requests, "qrels", qrels);
        List<Case> cases = new java.util.ArrayList<>();
        cases.add(killer(0, "70 size-0 requests on an index pattern matching nothing", overflow, Set.of(), "_eval StackOverflow"));
        int i = 1;
        for (long grade : new long[] {1000000000L, 2147483647L}) {
            Obj one = obj("index", INDEX, "id_field", "docid", "k", 10L, "requests", arr(obj("id", "q0", "request",
                obj("query", obj("match", obj("text", "flea")), "size", 5L,
                    "rescore", obj("window_size", 5L, "llm_rerank", obj("model", "bge-small", "field", "text"))))),
                "qrels", obj("q0", obj("d1", grade, "d2", 1L)));
            cases.add(killer(i++, "grade " + grade + " in qrels", one, Set.of("qrels", "grade"), "_eval huge grade OOM/500"));
            Obj trec = (Obj) FuzzJson.copy(one);
            trec.remove("qrels");
            trec.put("qrels_trec", "q0 0 d1 " + grade + "\nq0 0 d2 1\n");
            cases.add(killer(i++, "grade " + grade + " in qrels_trec", trec, Set.of("qrels_trec", "grade"), "_eval huge grade OOM/500"));
        }
        return cases;
    }

    private Case killer(int n, String what, Obj body, Set<String> names, String knownBug) {
        return new Case("node_killer", n, what, "POST", target.path(Api.EVAL), FuzzJson.write(body), "application/json", names, false,
            false, false, Set.of(), null, knownBug, null, false);
    }

    // ---------------------------------------------------------------- (c) models

    /** Model directories of the fixtures, each refused for its own reason. */
    static final List<String> BAD_MODEL_PATHS = List.of("escape", "linked_file", "big", "empty_config", "empty_tokenizer",
        "bad_tokenizer", "bad_onnx", "bad_config", "not_json_config", "gpt2_config", "small_vocab", "missing_tokenizer", "plain_file",
        "llm", "no_such_dir", "fz_hardlink", "fz_graph_mismatch", "../outside-models/model", "good/../good", "good/../../x", "C:\\models",
        "", " ", "good\u0000", "..", ".", "./..", "good/..", "%2e%2e/x");
    /** Refusals of files that hold wrong content: named by the file. */
    static final Set<String> MODEL_FILE_NAMES = Set.of("path", "model.onnx", "tokenizer.json", "config.json", "model.safetensors");

    static final Map<String, Spec> MODEL_SPECS = Map.of(
        "", Spec.of(Kind.PLUGIN_OBJ),
        "path", Spec.of(Kind.MODEL_PATH).asRequired().withRelated("model.onnx", "tokenizer.json", "config.json", "model.safetensors"),
        "pooling", Spec.of(Kind.POOLING),
        "query_prefix", Spec.of(Kind.PREFIX),
        "passage_prefix", Spec.of(Kind.PREFIX));

    Case models(int n, String absoluteOutside) {
        Random r = random("models", n);
        FuzzMutator m = new FuzzMutator(r, MODEL_SPECS, nodeKillers);
        Expect e = new Expect();
        String name = "fz-" + n;
        boolean rawName = false;
        boolean nameOk = true;
        if (m.chance(0.25)) {
            name = m.pick("../fz", "..", ".", "Fz-Upper", "fz.dot", "a".repeat(65), "bge-small", "all-minilm-l6-v2", "-fz", "fz/x",
                "fz x", "\u00e9", "%00", "fz\u0000", "_all", "*", "fz,fz2");
            rawName = m.chance(0.3) && name.matches("[A-Za-z0-9._*%-]+");
            nameOk = false;
            e.refuse("name");
            e.names.add("model");
        }
        if (m.chance(0.15)) {
            // DELETE: of a model that is not registered (404 naming it), or of a name that is invalid (400)
            String path = rawName ? target.rawPath(Api.MODEL, name) : target.path(Api.MODEL, name);
            return new Case("models", n, "DELETE " + name, "DELETE", path, null, null, Set.of("name", "model"), false, nameOk == false,
                false, nameOk ? Set.of(404) : Set.of(404), null, null, null, false);
        }
        Obj body = new Obj();
        String knownBug = null;
        if (m.chance(0.35)) {
            body.put("path", m.pick(List.copyOf(ACCEPTABLE_MODEL_PATHS)));
        } else if (m.chance(0.15)) {
            body.put("path", m.pick(absoluteOutside, "/etc", "file:" + absoluteOutside, "/" + "x".repeat(300)));
        } else {
            String p = m.pick(BAD_MODEL_PATHS);
            body.put("path", p);
            knownBug = p.equals("fz_hardlink") ? "hard links in the models dir" : p.equals("fz_graph_mismatch")
                ? "config.json not checked vs ONNX graph" : null;
        }
        if (m.chance(0.6)) {
            body.put("pooling", m.pick("cls", "mean", "CLS", "Mean", "", "max", "cls ", "none"));
        }
        if (m.chance(0.4)) {
            body.put("query_prefix", m.pick("", "query: ", "Represent this sentence for searching relevant passages: ",
                "q".repeat(FuzzMutator.LONG_STRING)));
        }
        if (m.chance(0.2)) {
            body.put("passage_prefix", m.pick("", "passage: ", "p".repeat(FuzzMutator.LONG_STRING)));
        }
        for (String key : List.of("path", "pooling", "query_prefix", "passage_prefix")) {
            if (body.has(key) && FuzzMutator.refuses(MODEL_SPECS.get(key), body.get(key))) {
                e.refuse(key);
                if (key.equals("path")) {
                    e.names.addAll(MODEL_FILE_NAMES);
                }
                if (key.endsWith("_prefix")) {
                    knownBug = "huge query_prefix accepted";
                }
            }
        }
        e.knownBug = knownBug;
        String path = rawName ? target.rawPath(Api.MODEL, name) : target.path(Api.MODEL, name);
        Case c = mutated("models", n, m, e, "PUT", path, body, false);
        // only a registration of a valid directory under a valid name, unmutated, must succeed
        boolean valid = c.mustRefuse() == false && c.what().equals("valid");
        return new Case(c.family(), n, "PUT " + name + ": " + c.what(), c.method(), c.path(), c.body(), c.contentType(), c.names(),
            c.locationOk(), c.mustRefuse(), valid, c.alsoAllowed(), null, c.knownBug(), name, false);
    }

    // ---------------------------------------------------------------- (d) stats

    Case stats(int n, List<String> statNames) {
        Random r = random("stats", n);
        FuzzMutator m = new FuzzMutator(r, Map.of(), nodeKillers);
        int kind = m.nextInt(10);
        if (kind < 4 && statNames.isEmpty() == false) {
            // every top-level stat the full response reports may be asked for alone
            String stat = m.pick(statNames);
            boolean node = m.chance(0.3);
            String path = node ? target.path(Api.NODE_STAT, m.pick("_local", "_all"), stat) : target.path(Api.STAT, stat);
            return new Case("stats", n, "GET stat [" + stat + "]", "GET", path, null, null, Set.of("stat"), false, false, true, Set.of(),
                null, Set.of("inference", "models", "scheduler").contains(stat) ? "stats/{stat} rejects inference/models/scheduler" : null,
                null, false);
        }
        if (kind < 7) {
            String stat = m.pick("bogus", "Fallbacks_total", "fallbacks_total ", "..", "_reset", "cluster", "nodes", "latency_ms.p50",
                "reranked_queries,queries", "*", "%00", "x".repeat(500), "\u00e9");
            boolean node = m.chance(0.3);
            String path = node ? target.path(Api.NODE_STAT, "_local", stat) : target.path(Api.STAT, stat);
            return new Case("stats", n, "GET stat [" + stat + "]", "GET", path, null, null, Set.of("stat"), false, true, false, Set.of(),
                null, null, null, false);
        }
        if (kind < 8) {
            String node = m.pick("_local", "_all", "nosuchnode", "*", "_local,_all", "_master", "..", "x".repeat(300), "_cluster_manager");
            return new Case("stats", n, "GET node stats [" + node + "]", "GET", target.path(Api.NODE_STATS, node), null, null,
                Set.of("nodeId", "node", node), false, false, false, Set.of(404), null, null, null, false);
        }
        if (kind < 9) {
            String param = m.pick("bogus=1", "stat=x", "nodeId=_local", "pretty", "human=true", "filter_path=cluster", "error_trace=true");
            boolean known = Set.of("pretty", "human=true", "filter_path=cluster", "error_trace=true").contains(param);
            String name = param.contains("=") ? param.substring(0, param.indexOf('=')) : param;
            return new Case("stats", n, "GET stats?" + param, "GET", target.path(Api.STATS) + "?" + param, null, null, Set.of(name), false,
                known == false, known, Set.of(), null, null, null, false);
        }
        // _reset: with no body, an empty object, or junk (a body it does not take is refused)
        String body = m.pick(null, "{}", "{\"stat\": \"x\"}", "not json", "[]");
        return new Case("stats", n, "POST _reset with " + body, "POST", target.path(Api.STATS_RESET), body,
            body == null ? null : "application/json", Set.of("_reset", "body"), true, false, body == null, Set.of(), null, null, null,
            false);
    }

    // ---------------------------------------------------------------- (e) settings

    Case settings(int n) {
        Random r = random("settings", n);
        FuzzMutator m = new FuzzMutator(r, Map.of(), nodeKillers);
        String cp = target.clusterSettingPrefix();
        String ip = target.indexSettingPrefix();
        if (m.chance(0.35)) {
            String key = m.pick("model", "field", "strategy", "flops_budget", "bogus", "strategy", "flops_budget");
            Object value = settingValue(m, key);
            boolean refuse = value != null && switch (key) {
                case "bogus" -> true;
                case "strategy" -> (value instanceof String s && CLAUSE_SPECS.get("rescore.llm_rerank.strategy").values().contains(s)) == false;
                case "flops_budget" -> value instanceof Obj || value instanceof Arr || value instanceof Boolean
                    || (value instanceof String s && s.trim().startsWith("-")) || (value instanceof Number num && num.doubleValue() < 0)
                    || (value instanceof Raw raw && raw.text().startsWith("-"));
                default -> value instanceof Obj || value instanceof Arr;
            };
            Obj body = m.chance(0.5) ? obj(ip + key, value) : obj("index", obj("llm_rerank", obj(key, value)));
            return new Case("settings", n, "index setting " + key + " = " + FuzzMutator.abbreviate(FuzzJson.write(value)), "PUT",
                target.path(Api.INDEX_SETTINGS, INDEX), FuzzJson.write(body), "application/json", Set.of(ip + key, key), false, refuse,
                false, Set.of(), null, null, null, true);
        }
        String key = m.pick("max_window_size", "max_window_size", "default_timeout", "default_timeout", "inference.threads",
            "inference.queue_size", "models_path", "models_max_file_size", "bogus", "models.fz-s" + n + ".path",
            "models.fz-s" + n + ".pooling", "models.fz-s" + n + ".bogus", "models.Bad.path", "models.bge-small.path", "models.fz-s" + n,
            "models.../x.path");
        Object value = settingValue(m, key);
        // a null value resets a setting: never a refusal
        boolean refuse = value != null && switch (key) {
            case "max_window_size" -> FuzzMutator.intIn(value instanceof String s ? rawOf(s) : value, 1, 100_000) == false;
            case "default_timeout" -> value instanceof Obj || value instanceof Arr || value instanceof Boolean
                || (value instanceof String s && s.matches("\\d+(\\.\\d+)?(nanos|micros|ms|s|m|h|d)?") == false);
            default -> {
                if (key.startsWith("models.fz-s") && key.endsWith(".path")) {
                    // written directly, a registration gets the static checks only (no file system)
                    // settings hold numbers as strings
                    Object v = value instanceof Number || value instanceof Raw ? FuzzJson.write(value) : value;
                    yield (v instanceof String s && staticPathOk(s)) == false;
                }
                // a pooling without a path is a registration without [path]; every other key is unknown or not dynamic
                yield true;
            }
        };
        String scope = m.pick("persistent", "transient");
        Obj body = obj(scope, m.chance(0.7) ? obj(cp + key, value) : obj("plugins", obj("llm_rerank", obj(key, value))));
        return new Case("settings", n, scope + " " + key + " = " + FuzzMutator.abbreviate(FuzzJson.write(value)), "PUT",
            target.path(Api.CLUSTER_SETTINGS), FuzzJson.write(body), "application/json",
            Set.copyOf(List.of(cp + key, key, key.substring(key.lastIndexOf('.') + 1), "path", "name", "model")), false,
            refuse, false,
            Set.of(), null, null, null, true);
    }

    private static boolean staticPathOk(String p) {
        return p.isEmpty() == false && p.startsWith("/") == false && p.startsWith("\\") == false && p.contains(":") == false
            && List.of(p.split("[/\\\\]")).contains("..") == false;
    }

    private static Object rawOf(String s) {
        return s.matches("-?\\d+") ? new Raw(s) : s;
    }

    private static Object settingValue(FuzzMutator m, String key) {
        int k = m.nextInt(10);
        if (k < 4) {
            return switch (key) {
                case "max_window_size" -> m.pick(1L, 50L, 1000L, "20", 100000L);
                case "default_timeout" -> m.pick("5s", "500ms", "1m");
                case "strategy" -> m.pick("auto", "pointwise", "setwise.heapsort");
                case "flops_budget" -> m.pick("5tf", "", "1e12");
                case "model" -> m.pick("bge-small", "nope");
                case "field" -> m.pick("text", "price", "nope");
                default -> key.endsWith(".path") ? m.pick("good", "../x", "/etc") : key.endsWith(".pooling") ? m.pick("cls", "max") : "x";
            };
        }
        if (k < 5) {
            return null;
        }
        Object v = m.randomValue();
        // an empty object writes no setting at all ("no settings to update")
        return v instanceof Obj o && o.keys.isEmpty() ? FuzzJson.obj("a", 1L) : v;
    }
}
