package org.llmrerank.integ;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.llmrerank.integ.FuzzCases.Case;
import org.llmrerank.integ.FuzzJson.Arr;
import org.llmrerank.integ.FuzzJson.Obj;
import org.llmrerank.integ.FuzzTarget.Api;

/**
 * A seeded, randomized fuzz of every request the plugin parses, against the real node ({@link RealNode}): the
 * {@code rescore.llm_rerank} clause and its surroundings, {@code _eval} bodies, model registrations, stats paths, and
 * the plugin's cluster and index settings. Each case is a valid request mutated by {@link FuzzMutator}.
 *
 * <p>The oracle, for every case:
 * <ul>
 * <li>the status is below 500, and afterwards the node still answers {@code GET /} (a client timeout is a failure only
 *     when the node then stops answering: no assertion depends on speed);
 * <li>a 4xx is a 400 (or a status the case allows: 404 for a name that does not exist, 406/415 for a content type the
 *     node does not take), and its error reasons name a field the case touched: the name in brackets as a word
 *     ({@code [top_k]}, {@code [llm_rerank.top_k]}, {@code [requests][0][id]}), or as a word shortly before a bracketed
 *     value ({@code model name [x]}), or right after the parser's bracketed name ({@code [llm_rerank] top_k doesn't
 *     support ...}), or quoted by the JSON parser ({@code "k"}). Where the engine parses the field (from, size, query,
 *     window_size, the body's bytes), the body location ({@code [1:23]}, {@code byte offset: #12}) names it as well, and
 *     so does the engine giving the very same refusal to the search without the clause. A body the node cannot read at
 *     all (another content type, nesting past the parser's depth limit) has no field to name: any 400 will do;
 * <li>a 5xx that the engine gives as well to the same search without the clause is the engine's own: it is printed
 *     as a note, not failed (the plugin cannot change it);
 * <li>what must be refused (a fraction or out-of-range number where an integer goes, an unknown key in a plugin object,
 *     a model directory that is not a valid model, ...) is not a 2xx, and what must be accepted is;
 * <li>no response body holds an absolute file system path or a {@code file:/} URL the request did not contain;
 * <li>a 2xx search with the clause has {@code ext.llm_rerank} with status reranked (at least one passage judged),
 *     fallback or skipped; its page holds the hits the same search without the clause ranks there: as many, the window's
 *     positions a permutation of the first stage's window, the positions past the window exactly the first stage's;
 *     fetch options (_source, stored_fields, explain) do not change the reranked order; and the same search without the
 *     clause is not refused.
 * </ul>
 * Every failure prints the seed, the case and the exact request to replay; {@code -Dtests.fuzz.only=clause#12,eval#3}
 * replays cases one by one.
 *
 * <p>Properties: tests.fuzz.seed (default {@value #DEFAULT_SEED}), tests.fuzz.cases (all families together, default
 * {@value #DEFAULT_CASES}), tests.fuzz.node_killers (default true: the _eval bodies that have taken the node down run
 * last), tests.fuzz.only, tests.fuzz.base_url (default: the node {@link RealNode} starts).
 *
 * <p>{@link ElasticsearchRequestFuzzIT} runs the same suite against Elasticsearch, where the {@code llm_rerank} retriever
 * is fuzzed too ({@code retrieverBodies}: on OpenSearch, which has no retriever, it is skipped).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
// one instance for the class: the set-up and tear-down are instance methods that an engine's subclass overrides
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestFuzzIT {

    static final long DEFAULT_SEED = 20260613L;
    static final int DEFAULT_CASES = 800;
    /** Generous: a loaded 2-core machine may take seconds for what takes milliseconds alone. */
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BRACKETS = Pattern.compile("\\[([^\\[\\]]*)\\]");
    private static final Pattern LOCATION = Pattern.compile("\\[\\d+:\\d+\\]|line: \\d+, column: \\d+|byte offset: #\\d+");
    private static final Pattern ABSOLUTE_PATH = Pattern.compile(
        "file:/[^\\s\"'\\\\\\],;)]*|(?<![\\w.\\-/])/(?:tmp|work|home|root|usr|opt|var|etc|proc|srv|mnt|private|Users|data|run|sys|dev)(?:/[^\\s\"'\\\\\\]\\[,;)<>]*)?");

    private static final long SEED = Long.getLong("tests.fuzz.seed", DEFAULT_SEED);
    private static final int CASES = Integer.getInteger("tests.fuzz.cases", DEFAULT_CASES);
    private static final boolean NODE_KILLERS = Boolean.parseBoolean(System.getProperty("tests.fuzz.node_killers", "true"));
    private static final Set<String> ONLY = new LinkedHashSet<>(Arrays.stream(System.getProperty("tests.fuzz.only", "").split(","))
        .map(String::trim).filter(s -> s.isEmpty() == false).toList());

    private static FuzzTarget target;
    private static int caseCount;
    /** 2xx searches with the rerank whose hits the oracle compared with the first stage. */
    private static int searchesKept;
    private static FuzzCases cases;
    private static HttpClient http;
    private static final List<String> failures = new ArrayList<>();
    private static final List<String> notes = new ArrayList<>();
    private static Map<String, Object> settingsBefore;
    private static List<String> statNames = List.of();
    private static boolean nodeDead;
    private static Path failureDir;

    @BeforeAll
    void setUp() throws Exception {
        String base = System.getProperty("tests.fuzz.base_url");
        boolean ownNode = base == null;
        if (ownNode) {
            RealNode.start();
            base = "http://127.0.0.1:" + RealNode.PORT;
            writeModelFixtures();
        }
        open(FuzzTarget.openSearch(base), CASES, "fuzz-failures");
        assertTrue(ownNode == false || statNames.isEmpty() == false, "GET stats answered no cluster section");
    }

    /** Points the fuzzer at a node that is up, with {@code count} cases over all families, and creates the index. */
    static void open(FuzzTarget t, int count, String failureFolder) throws Exception {
        target = t;
        caseCount = count;
        cases = new FuzzCases(target, SEED, NODE_KILLERS);
        failures.clear();
        notes.clear();
        nodeDead = false;
        statNames = List.of();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
        failureDir = Path.of(System.getProperty("repo.dir", "..")).resolve("integ-tests/target").resolve(failureFolder);
        Files.createDirectories(failureDir);
        System.out.println("[fuzz] " + target.engine() + ": seed " + SEED + " (-Dtests.fuzz.seed), " + caseCount + " cases, node_killers "
            + NODE_KILLERS + (ONLY.isEmpty() ? "" : ", only " + ONLY) + ", against " + target.baseUrl());
        createIndex();
        settingsBefore = flatSettings();
        Map<String, Object> stats = send("GET", target.path(Api.STATS), null, null).json();
        if (stats != null && stats.get("cluster") instanceof Map<?, ?> cluster) {
            statNames = cluster.keySet().stream().map(Object::toString).sorted().toList();
        }
        System.out.println("[fuzz] stats the node reports: " + statNames);
    }

    @AfterAll
    void tearDown() throws Exception {
        finish();
    }

    /** Puts the node's settings back, drops the index, prints the notes. */
    static void finish() throws Exception {
        if (nodeDead == false && target != null) {
            restoreSettings();
            send("DELETE", target.path(Api.INDEX, FuzzCases.INDEX), null, null);
        }
        notes.forEach(n -> System.out.println("[fuzz] note: " + n));
        System.out.println("[fuzz] " + (target == null ? "" : target.engine() + ": ") + "seed " + SEED + ": " + failures.size()
            + " failure(s)");
    }

    /** The families that fuzz the plugin's own endpoints run where the plugin serves them with these fixtures: OpenSearch. */
    private static void assumeManagementApis() {
        Assumptions.assumeTrue(target.engine().equals("opensearch"), "the " + target.engine()
            + " plugin's _eval, models and stats endpoints are not fuzzed here");
    }

    @Test
    @Order(1)
    void clauseAndSurroundings() throws Exception {
        run("clause", share(0.45), cases::clause);
    }

    @Test
    @Order(2)
    void retrieverBodies() throws Exception {
        Assumptions.assumeTrue(target.hasRetriever(), target.engine() + " has no llm_rerank retriever");
        run("retriever", share(0.45), cases::retriever);
    }

    @Test
    @Order(3)
    void evalBodies() throws Exception {
        assumeManagementApis();
        run("eval", share(0.15), cases::eval);
    }

    @Test
    @Order(4)
    void modelRegistrations() throws Exception {
        assumeManagementApis();
        String outside = RealNode.OUTSIDE.toString();
        run("models", share(0.15), n -> cases.models(n, outside));
    }

    @Test
    @Order(5)
    void statsPaths() throws Exception {
        assumeManagementApis();
        run("stats", share(0.10), n -> cases.stats(n, statNames));
    }

    @Test
    @Order(6)
    void pluginSettings() throws Exception {
        run("settings", share(0.15), cases::settings);
    }

    /** Last: if one of these takes the node down, everything else has run. */
    @Test
    @Order(7)
    void bodiesThatHaveTakenTheNodeDown() throws Exception {
        assumeManagementApis();
        if (NODE_KILLERS == false) {
            System.out.println("[fuzz] node_killers off: skipping " + cases.nodeKillerCases().size() + " cases");
            return;
        }
        List<Case> killers = cases.nodeKillerCases();
        run("node_killer", killers.size(), killers::get);
    }

    private static int share(double fraction) {
        return Math.max(1, (int) Math.round(caseCount * fraction));
    }

    interface Generator {
        Case make(int n) throws Exception;
    }

    private void run(String family, int count, Generator generator) throws Exception {
        int before = failures.size();
        long start = System.nanoTime();
        int ran = 0;
        int searchesBefore = searchesKept;
        for (int n = 0; n < count && nodeDead == false; n++) {
            Case c = generator.make(n);
            if (ONLY.isEmpty() == false && ONLY.contains(c.id()) == false) {
                continue;
            }
            check(c);
            ran++;
        }
        System.out.printf("[fuzz] %s: %d cases in %.1f s (%d searches with the rerank answered 2xx, hits checked), %d failure(s)%n",
            family, ran, (System.nanoTime() - start) / 1e9, searchesKept - searchesBefore, failures.size() - before);
        List<String> mine = failures.subList(before, failures.size());
        assertTrue(mine.isEmpty(), family + ": " + mine.size() + " failure(s) with seed " + SEED + ":\n" + String.join("\n\n", mine));
    }

    // ---------------------------------------------------------------- the oracle

    private static void check(Case c) throws Exception {
        Reply r = send(c.method(), c.path(), c.body(), c.contentType());
        if (r.status() < 0 && r.timedOut() == false) {
            notes.add(c.id() + ": not sent: " + r.text());
            return;
        }
        if (alive(c, r) == false) {
            return;
        }
        checkReply(c, r);
        if (c.modelToDelete() != null && r.status() / 100 == 2 && c.method().equals("PUT")) {
            Reply d = send("DELETE", target.path(Api.MODEL, c.modelToDelete()), null, null);
            if (d.status() != 200) {
                fail(c, "DELETE of the model this case registered answered " + d.status(), d);
            }
        }
        if (c.settings()) {
            if (r.status() == 200 && c.path().contains(FuzzCases.INDEX)) {
                followUpSearch(c);
            }
            restoreSettings();
        }
    }

    private static void checkReply(Case c, Reply r) throws Exception {
        String request = c.path() + "\n" + (c.body() == null ? "" : c.body());
        Matcher leak = ABSOLUTE_PATH.matcher(r.text());
        while (leak.find()) {
            if (request.contains(leak.group()) == false) {
                fail(c, "response holds an absolute path or file URL the request did not: [" + leak.group() + "]", r);
                break;
            }
        }
        if (r.status() >= 500) {
            if (engineAnswersTheSame(c, r)) {
                notes.add(c.id() + ": the engine answers " + r.status() + " to the same search without the clause: " + abbreviate(reasons(r))
                    + " (" + c.method() + " " + c.path() + " " + abbreviate(c.body()) + ")");
            } else if (engineSettingsAnswerTheSame(c, r)) {
                notes.add(c.id() + ": the engine answers " + r.status() + " to the same value under a key of no plugin: " + abbreviate(reasons(r))
                    + " (" + c.method() + " " + c.path() + " " + abbreviate(c.body()) + ")");
            } else {
                fail(c, "server error " + r.status(), r);
            }
            return;
        }
        if (r.status() / 100 == 4) {
            if (r.status() != 400 && c.alsoAllowed().contains(r.status()) == false) {
                fail(c, "refused with " + r.status() + ", not 400", r);
            }
            String reasons = reasons(r);
            // a body the node cannot read as its declared content type has no field to name
            boolean unreadable = c.contentType() != null && c.contentType().equals("application/json") == false;
            if (unreadable == false && namesAField(reasons, c.names(), c.locationOk()) == false
                && (c.locationOk() == false || engineAnswersTheSame(c, r) == false)) {
                fail(c, "refusal names none of " + c.names() + (c.locationOk() ? " nor a body location" : ""), r);
            }
            if (c.mustAccept()) {
                fail(c, "refused a valid request", r);
            }
            return;
        }
        if (r.status() / 100 != 2) {
            fail(c, "unexpected status " + r.status(), r);
            return;
        }
        if (c.mustRefuse()) {
            if (c.search() != null && rerankOf(c.search()) == null) {
                // the mutation took the rerank out: what is left, the engine takes or refuses on its own
                notes.add(c.id() + ": the engine accepts the search the mutation left without the rerank: " + abbreviate(c.body()));
            } else {
                fail(c, "accepted a request it must refuse", r);
            }
        }
        if (c.family().equals("stats") && c.what().startsWith("GET stat [") && r.json() != null
            && r.json().get("cluster") instanceof Map<?, ?> cluster && cluster.size() != 1) {
            fail(c, "GET stats/{stat} answered " + cluster.keySet() + ", not the one stat", r);
        }
        if (c.search() != null && rerankOf(c.search()) != null) {
            checkSearch(c, r);
        }
    }

    /**
     * Whether the engine gives the same answer (status and reasons) to the case's search without the clause: then the
     * refusal or error is the engine's own, about the engine's own fields.
     */
    private static boolean engineAnswersTheSame(Case c, Reply r) throws Exception {
        if (c.search() == null || rerankOf(c.search()) == null) {
            return false;
        }
        String path = c.path().replace("?scroll=1m", "");
        Reply plain = send("POST", path, FuzzJson.write(withoutRerank(c.search())), "application/json");
        if (plain.status() == r.status() && reasons(plain).equals(reasons(r))) {
            return true;
        }
        if (clauseObject(c.search()) == null) {
            return false;
        }
        // the rescore object's own fields (window_size) are the engine's too: the same object with a query rescorer
        Obj withQueryRescorer = (Obj) FuzzJson.copy(c.search());
        Obj rescore = clauseObject(withQueryRescorer);
        rescore.remove("llm_rerank");
        rescore.put("query", FuzzJson.obj("rescore_query", FuzzJson.obj("match_all", FuzzJson.obj())));
        Reply query = send("POST", path, FuzzJson.write(withQueryRescorer), "application/json");
        return query.status() == r.status() && reasons(query).equals(reasons(r));
    }

    /**
     * For a cluster-settings write: whether the engine gives the same answer to the same value under a key no plugin
     * registers. Then the answer comes from the engine's settings parser, before any plugin's setting is looked at.
     */
    private static boolean engineSettingsAnswerTheSame(Case c, Reply r) throws Exception {
        String other = "fz_no_plugin.";
        if (c.settings() == false || c.body() == null || c.path().equals(target.path(Api.CLUSTER_SETTINGS)) == false) {
            return false;
        }
        String body = c.body().replace(target.clusterSettingPrefix(), other).replace("\"plugins\":{\"llm_rerank\"", "\"fz_no_plugin\":{\"llm_rerank\"");
        if (body.equals(c.body())) {
            return false;
        }
        Reply same = send(c.method(), c.path(), body, c.contentType());
        return same.status() == r.status()
            && reasons(same).replace(other, target.clusterSettingPrefix()).replace("fz_no_plugin.llm_rerank.", "plugins.llm_rerank.")
                .equals(reasons(r));
    }

    /**
     * A 2xx search that had the clause or the retriever: its details (OpenSearch's ext.llm_rerank, Elasticsearch's
     * header) must be there and consistent, and the hits a permutation of the first stage's window.
     */
    private static void checkSearch(Case c, Reply r) throws Exception {
        Obj tree = c.search();
        String searchPath = c.path().replace("?scroll=1m", "");
        // the same search without the clause must not be refused
        Obj plain = withoutRerank(tree);
        Reply plainReply = send("POST", searchPath, FuzzJson.write(plain), "application/json");
        if (plainReply.status() != 200) {
            fail(c, "the same search without the clause answers " + plainReply.status() + " (" + abbreviate(reasons(plainReply))
                + ") but with it 200", r);
            return;
        }
        // the whole first-stage ranking: the index holds 32 documents
        Obj full = withoutRerank(tree);
        for (String k : List.of("from", "size", "stored_fields", "_source", "explain", "docvalue_fields", "highlight")) {
            full.remove(k);
        }
        full.put("from", 0L).put("size", 100L).put("_source", Boolean.FALSE);
        Reply fullReply = send("POST", searchPath, FuzzJson.write(full), "application/json");
        if (fullReply.status() != 200) {
            notes.add(c.id() + ": no first-stage ranking to compare with (" + fullReply.status() + ")");
            return;
        }
        List<String> firstStage = ids(fullReply);
        List<String> page = ids(r);
        Map<String, Object> ext = r.details();
        // Elasticsearch runs no rank phase over an empty first stage, so its retriever has nothing to report there
        boolean detailsExpected = target.detailsInBody() || firstStage.isEmpty() == false || retrieverOf(tree) == null;
        if (ext == null && detailsExpected) {
            fail(c, "a search with the clause answered without its details (" + (target.detailsInBody() ? "ext.llm_rerank" : DETAILS_HEADER)
                + ") over a first stage of " + firstStage.size() + " hits: the clause was silently dropped", r);
            return;
        }
        Object status = ext == null ? null : ext.get("status");
        if (ext != null && List.of("reranked", "fallback", "skipped").contains(status) == false) {
            fail(c, "the details' status is [" + status + "]", r);
        }
        if ("reranked".equals(status) && (ext.get("reranked_docs") instanceof Number judged && judged.longValue() >= 1) == false) {
            fail(c, "status reranked with reranked_docs [" + ext.get("reranked_docs") + "]: nothing was judged", r);
        }
        searchesKept++;
        Obj retriever = retrieverOf(tree);
        int window = retriever != null ? lenientInt(retriever.get("rank_window_size"), 10) : lenientInt(clauseObject(tree).get("window_size"), 10);
        int from = Math.max(0, lenientInt(tree.get("from"), 0));
        int size = lenientInt(tree.get("size"), 10);
        // a retriever's results are its window; a rescore keeps the first-stage hits past the window
        long results = retriever != null ? Math.min(window, firstStage.size()) : firstStage.size();
        long expected = Math.max(0, Math.min((long) size, results - from));
        if (page.size() != expected) {
            fail(c, "page holds " + page.size() + " hits; the first stage has " + firstStage.size() + " so from " + from + " size " + size
                + (retriever != null ? " window " + window : "") + " must hold " + expected, r);
            return;
        }
        if (page.contains(null) == false) {
            Set<String> seen = new LinkedHashSet<>();
            List<String> windowIds = firstStage.subList(0, Math.min(window, firstStage.size()));
            for (int i = 0; i < page.size(); i++) {
                int pos = from + i;
                String id = page.get(i);
                boolean ok = seen.add(id) && (pos < window ? windowIds.contains(id) : id.equals(firstStage.get(pos)));
                if (ok == false) {
                    fail(c, "hit " + id + " at position " + pos + " (window " + window + "): not what the first stage " + firstStage
                        + " allows there; page " + page, r);
                    break;
                }
            }
        }
        // fetch options must not change the order the model gave
        if ("reranked".equals(status) && (tree.has("_source") || tree.has("stored_fields") || tree.has("explain"))) {
            Obj reference = (Obj) FuzzJson.copy(tree);
            reference.remove("_source");
            reference.remove("stored_fields");
            reference.remove("explain");
            Reply ref = send("POST", searchPath, FuzzJson.write(reference), "application/json");
            if (ref.status() == 200 && "reranked".equals(extStatus(ref))) {
                List<String> a = hitsAsKeys(r, page.contains(null));
                List<String> b = hitsAsKeys(ref, page.contains(null));
                if (a.equals(b) == false) {
                    fail(c, "fetch options changed the reranked order: " + a + " vs " + b + " without them", r);
                }
            }
        }
    }

    /** After a 2xx write of an index setting: a search that leaves every default to the index still meets the oracle. */
    private static void followUpSearch(Case c) throws Exception {
        Obj body = FuzzJson.obj("query", FuzzJson.obj("match", FuzzJson.obj("text", "flea")), "size", 3L,
            "rescore", FuzzJson.obj("window_size", 3L, "llm_rerank", FuzzJson.obj("timeout", "10s")));
        Case f = new Case(c.family(), c.number(), c.what() + "; then a search on the index defaults", "POST",
            target.path(Api.SEARCH, FuzzCases.INDEX), FuzzJson.write(body), "application/json",
            Set.of("model", "field", "strategy", "flops_budget", "llm_rerank.model", "llm_rerank.field"), false, false, false, Set.of(),
            body, null, null, false);
        Reply r = send(f.method(), f.path(), f.body(), f.contentType());
        if (alive(f, r)) {
            checkReply(f, r);
        }
    }

    /** A refusal names one of {@code names} (see the class comment); {@code location}: a body location counts. */
    static boolean namesAField(String reasons, Set<String> names, boolean location) {
        if (names.contains("*") || location && LOCATION.matcher(reasons).find()) {
            return true;
        }
        for (String n : names) {
            String word = "(?<![A-Za-z0-9_-])" + Pattern.quote(n) + "(?![A-Za-z0-9_-])";
            Matcher b = BRACKETS.matcher(reasons);
            while (b.find()) {
                if (Pattern.compile(word).matcher(b.group(1)).find()) {
                    return true;
                }
            }
            if (Pattern.compile(word + "[^\\[\\]]{0,20}\\[").matcher(reasons).find()
                || Pattern.compile("\\]\\s+" + word).matcher(reasons).find()
                || reasons.contains("'" + n + "'") || reasons.contains("\"" + n + "\"")) {
                return true;
            }
        }
        return false;
    }

    /** Every reason of the error (its own, its root causes', its causes'), or the raw body when it is not JSON. */
    private static String reasons(Reply r) {
        if (r.json() == null) {
            return r.text();
        }
        StringBuilder sb = new StringBuilder();
        collectReasons(r.json().get("error"), sb);
        return sb.isEmpty() ? r.text() : sb.toString();
    }

    private static void collectReasons(Object node, StringBuilder sb) {
        if (node instanceof String s) {
            sb.append(s).append('\n');
        } else if (node instanceof Map<?, ?> m) {
            if (m.get("line") instanceof Number line && m.get("col") instanceof Number col) {
                sb.append("line: ").append(line).append(", column: ").append(col).append('\n');
            }
            m.forEach((k, v) -> {
                if ("reason".equals(k) && v instanceof String s) {
                    sb.append(s).append('\n');
                } else if (v instanceof Map<?, ?> || v instanceof List<?>) {
                    collectReasons(v, sb);
                }
            });
        } else if (node instanceof List<?> l) {
            l.forEach(x -> collectReasons(x, sb));
        }
    }

    /** False, after recording a failure, when the node no longer answers; a slow reply of a live node is only a note. */
    private static boolean alive(Case c, Reply r) throws Exception {
        for (int attempt = 0; attempt < 3; attempt++) {
            Reply root = send("GET", target.path(Api.ROOT), null, null, Duration.ofSeconds(60));
            if (root.status() == 200) {
                if (r.timedOut()) {
                    notes.add(c.id() + ": no answer within " + CLIENT_TIMEOUT.toSeconds() + " s, but the node is alive");
                }
                return r.timedOut() == false;
            }
            Thread.sleep(5_000);
        }
        nodeDead = true;
        fail(c, "the node no longer answers GET / after this request (node death)", r);
        return false;
    }

    private static void fail(Case c, String what, Reply r) throws IOException {
        Path full = failureDir.resolve(c.id().replace('#', '-') + ".txt");
        String body = c.body() == null ? "" : c.body();
        Files.writeString(full, c.method() + " " + target.baseUrl() + c.path() + "\nContent-Type: " + c.contentType() + "\n\n" + body + "\n");
        String f = "[" + c.id() + "] " + what + (c.knownBug() != null ? "   (the case targets: " + c.knownBug() + ")" : "")
            + "\n  case:     " + c.what()
            + "\n  request:  " + c.method() + " " + c.path() + (c.contentType() != null ? "  (Content-Type: " + c.contentType() + ")" : "")
            + (c.body() != null ? "\n  body:     " + abbreviate(body) : "")
            + (body.length() > 2000 ? "\n  full request: " + full : "")
            + "\n  response: " + r.status() + (r.timedOut() ? " (client timeout)" : "") + " " + abbreviate(r.text())
            + "\n  replay:   -Dtests.fuzz.seed=" + SEED + " -Dtests.fuzz.only=" + c.id();
        failures.add(f);
        System.out.println("[fuzz] FAIL " + f);
    }

    private static String abbreviate(String s) {
        return s.length() <= 2000 ? s : s.substring(0, 2000) + "...(" + s.length() + " chars)";
    }

    // ---------------------------------------------------------------- search helpers

    /** The rescore object (of rescore, or of an element of the rescore array) holding the clause; null when none. */
    private static Obj clauseObject(Obj tree) {
        Object rescore = tree.get("rescore");
        if (rescore instanceof Obj o && o.has("llm_rerank")) {
            return o;
        }
        if (rescore instanceof Arr a) {
            for (Object i : a.items) {
                if (i instanceof Obj o && o.has("llm_rerank")) {
                    return o;
                }
            }
        }
        return null;
    }

    /** The llm_rerank retriever's object of a search; null when none. */
    private static Obj retrieverOf(Obj tree) {
        return tree.get("retriever") instanceof Obj r && r.get("llm_rerank") instanceof Obj l ? l : null;
    }

    /** Where a search asks for the rerank: the clause's rescore object or the retriever's object; null when it does not. */
    private static Obj rerankOf(Obj tree) {
        Obj clause = clauseObject(tree);
        return clause != null ? clause : retrieverOf(tree);
    }

    /** The same search without the rerank: the clause taken out, or the retriever replaced by the retriever inside it. */
    private static Obj withoutRerank(Obj tree) {
        if (retrieverOf(tree) == null) {
            return withoutClause(tree);
        }
        Obj copy = (Obj) FuzzJson.copy(tree);
        Object inner = retrieverOf(copy).get("retriever");
        copy.put("retriever", inner != null ? inner : FuzzJson.obj("standard", FuzzJson.obj()));
        return copy;
    }

    private static Obj withoutClause(Obj tree) {
        Obj copy = (Obj) FuzzJson.copy(tree);
        Object rescore = copy.get("rescore");
        if (rescore instanceof Obj o) {
            o.remove("llm_rerank");
            if (o.keys.stream().allMatch(k -> k.equals("window_size"))) {
                copy.remove("rescore");
            }
        } else if (rescore instanceof Arr a) {
            a.items.removeIf(i -> i instanceof Obj o && o.has("llm_rerank") && o.keys.stream().allMatch(k -> k.equals("window_size")
                || k.equals("llm_rerank")));
            a.items.forEach(i -> {
                if (i instanceof Obj o) {
                    o.remove("llm_rerank");
                }
            });
            if (a.items.isEmpty()) {
                copy.remove("rescore");
            }
        }
        return copy;
    }

    /** An int the way the engine reads a lenient number field; {@code dflt} for anything else. */
    private static int lenientInt(Object v, int dflt) {
        try {
            double d = v instanceof Number n ? n.doubleValue()
                : v instanceof String s ? Double.parseDouble(s) : v instanceof FuzzJson.Raw raw ? Double.parseDouble(raw.text()) : Double.NaN;
            return Double.isNaN(d) ? dflt : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, d));
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> ids(Reply r) {
        List<String> out = new ArrayList<>();
        if (r.json() != null && r.json().get("hits") instanceof Map<?, ?> hits && hits.get("hits") instanceof List<?> list) {
            for (Object h : list) {
                out.add(h instanceof Map<?, ?> m && m.get("_id") instanceof String id ? id : null);
            }
        }
        return out;
    }

    private static List<String> hitsAsKeys(Reply r, boolean scoresOnly) {
        List<String> out = new ArrayList<>();
        if (r.json() != null && r.json().get("hits") instanceof Map<?, ?> hits && hits.get("hits") instanceof List<?> list) {
            for (Object h : list) {
                Map<?, ?> m = (Map<?, ?>) h;
                String score = m.get("_score") instanceof Number n ? String.format("%.5f", n.doubleValue()) : "null";
                out.add(scoresOnly ? score : m.get("_id") + "@" + score);
            }
        }
        return out;
    }

    private static Object extStatus(Reply r) {
        return r.details() == null ? null : r.details().get("status");
    }

    // ---------------------------------------------------------------- node set-up and settings

    private static void createIndex() throws Exception {
        send("DELETE", target.path(Api.INDEX, FuzzCases.INDEX), null, null);
        Obj mapping = FuzzJson.obj("settings", FuzzJson.obj("number_of_shards", 1L, "number_of_replicas", 0L),
            "mappings", FuzzJson.obj("properties", FuzzJson.obj("text", FuzzJson.obj("type", "text"), "title", FuzzJson.obj("type", "keyword"),
                "docid", FuzzJson.obj("type", "keyword"), "n", FuzzJson.obj("type", "integer"), "price", FuzzJson.obj("type", "float"))));
        Reply created = send("PUT", target.path(Api.INDEX, FuzzCases.INDEX), FuzzJson.write(mapping), "application/json");
        assertTrue(created.status() == 200, "create " + FuzzCases.INDEX + ": " + created.text());
        String[] topics = {"fleas", "coffee", "solar panels"};
        String[] sentences = {"The life cycle of %s takes weeks to months.", "How %s behave in winter and summer.",
            "A short guide to %s for beginners.", "Why %s matter more than you think.", "Common questions about %s, answered.",
            "%s: the grind, the press and the brewing time.", "Cleaning up after %s at home.", "The history of %s in ten lines.",
            "What %s cost and how long they last.", "Ten facts about %s."};
        StringBuilder bulk = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            bulk.append("{\"index\":{\"_index\":\"").append(FuzzCases.INDEX).append("\",\"_id\":\"d").append(i).append("\"}}\n");
            Obj doc = FuzzJson.obj("docid", "d" + i, "title", i % 2 == 0 ? "a" : "b", "n", (long) i, "price", i * 1.25);
            if (i < 30) {
                doc.put("text", String.format(sentences[i % 10], topics[i / 10]));
            }
            bulk.append(FuzzJson.write(doc)).append('\n');
        }
        Reply b = send("POST", target.path(Api.BULK) + "?refresh=true", bulk.toString(), "application/x-ndjson");
        assertTrue(b.status() == 200 && b.text().contains("\"errors\":false"), "bulk: " + abbreviate(b.text()));
    }

    /**
     * Model directories the node's fixtures lack: one whose model.onnx is a hard link to a file outside the models
     * directory, and one whose config.json contradicts the ONNX graph (12 layers of 768 for a 6 x 384 graph).
     */
    private static void writeModelFixtures() throws IOException {
        Path good = RealNode.MODELS_DIR.resolve("good");
        Path hard = RealNode.MODELS_DIR.resolve("fz_hardlink");
        if (Files.exists(hard) == false) {
            Files.createDirectories(hard);
            Files.createLink(hard.resolve("model.onnx"), RealNode.OUTSIDE.resolve("model.onnx"));
            Files.copy(good.resolve("tokenizer.json"), hard.resolve("tokenizer.json"));
            Files.copy(good.resolve("config.json"), hard.resolve("config.json"));
        }
        Path mismatch = RealNode.MODELS_DIR.resolve("fz_graph_mismatch");
        if (Files.exists(mismatch) == false) {
            Files.createDirectories(mismatch);
            // a symlink that stays inside: a hard link would give good's graph a second name, and good itself would be refused
            Files.createSymbolicLink(mismatch.resolve("model.onnx"), good.resolve("model.onnx"));
            Files.copy(good.resolve("tokenizer.json"), mismatch.resolve("tokenizer.json"));
            Files.writeString(mismatch.resolve("config.json"), RealNode.BERT_CONFIG.replace("\"num_hidden_layers\": 6", "\"num_hidden_layers\": 12")
                .replace("\"hidden_size\": 384", "\"hidden_size\": 768").replace("\"intermediate_size\": 1536", "\"intermediate_size\": 3072"));
        }
    }

    /** persistent and transient settings, flat, keyed "persistent:key". */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> flatSettings() throws Exception {
        Reply r = send("GET", target.path(Api.CLUSTER_SETTINGS) + "?flat_settings=true", null, null);
        Map<String, Object> flat = new LinkedHashMap<>();
        for (String scope : List.of("persistent", "transient")) {
            if (r.json() != null && r.json().get(scope) instanceof Map<?, ?> m) {
                ((Map<String, Object>) m).forEach((k, v) -> {
                    if (k.startsWith(target.clusterSettingPrefix())) {
                        flat.put(scope + ":" + k, v);
                    }
                });
            }
        }
        return flat;
    }

    /** Puts the plugin's cluster settings back as they were before the fuzz, and clears its index settings. */
    private static void restoreSettings() throws Exception {
        Map<String, Object> now = flatSettings();
        if (now.equals(settingsBefore) == false) {
            Map<String, Map<String, Object>> body = new LinkedHashMap<>();
            Set<String> keys = new LinkedHashSet<>(now.keySet());
            keys.addAll(settingsBefore.keySet());
            for (String k : keys) {
                String scope = k.substring(0, k.indexOf(':'));
                body.computeIfAbsent(scope, s -> new LinkedHashMap<>()).put(k.substring(k.indexOf(':') + 1), settingsBefore.get(k));
            }
            Reply r = send("PUT", target.path(Api.CLUSTER_SETTINGS), JSON.writeValueAsString(body), "application/json");
            assertTrue(r.status() == 200 && flatSettings().equals(settingsBefore), "could not restore the cluster settings: " + r.text());
        }
        String ip = target.indexSettingPrefix();
        Map<String, Object> reset = new LinkedHashMap<>();
        for (String k : List.of("model", "field", "strategy", "flops_budget")) {
            reset.put(ip + k, null);
        }
        Reply r = send("PUT", target.path(Api.INDEX_SETTINGS, FuzzCases.INDEX), JSON.writeValueAsString(reset), "application/json");
        assertTrue(r.status() == 200, "could not reset the index settings: " + r.text());
    }

    // ---------------------------------------------------------------- HTTP

    /** Status, raw text and (when the text is a JSON object) the parsed body of one call. */
    /**
     * @param details the search's rerank details: {@code ext.llm_rerank} in an OpenSearch body, the {@code X-Llm-Rerank}
     *                header's JSON on Elasticsearch; null when the reply carries neither
     */
    record Reply(int status, String text, Map<String, Object> json, Map<String, Object> details, boolean timedOut) {}

    /** Where Elasticsearch, which has no {@code ext} in a search response, answers a search's rerank details. */
    static final String DETAILS_HEADER = "X-Llm-Rerank";

    @SuppressWarnings("unchecked")
    private static Map<String, Object> details(Map<String, Object> json, String header) {
        if (json != null && json.get("ext") instanceof Map<?, ?> e && e.get("llm_rerank") instanceof Map<?, ?> l) {
            return (Map<String, Object>) l;
        }
        if (header == null) {
            return null;
        }
        try {
            return JSON.readValue(header, Map.class);
        } catch (IOException e) {
            return Map.of("status", "header is not JSON: " + header);
        }
    }

    static Reply send(String method, String path, String body, String contentType) throws InterruptedException {
        return send(method, path, body, contentType, CLIENT_TIMEOUT);
    }

    @SuppressWarnings("unchecked")
    static Reply send(String method, String path, String body, String contentType, Duration timeout) throws InterruptedException {
        HttpRequest.Builder b;
        try {
            b = HttpRequest.newBuilder(URI.create(target.baseUrl() + path)).timeout(timeout);
        } catch (IllegalArgumentException e) {
            return new Reply(-1, "client cannot send this path: " + e.getMessage(), null, null, false);
        }
        if (body != null) {
            if (contentType != null && contentType.isEmpty() == false) {
                b.header("Content-Type", contentType);
            }
            b.method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            Map<String, Object> json = null;
            String t = r.body().trim();
            if (t.startsWith("{")) {
                try {
                    json = JSON.readValue(t, Map.class);
                } catch (IOException e) {
                    json = null;
                }
            }
            return new Reply(r.statusCode(), r.body(), json, details(json, r.headers().firstValue(DETAILS_HEADER).orElse(null)), false);
        } catch (HttpTimeoutException e) {
            return new Reply(-1, "client timeout: " + e.getMessage(), null, null, true);
        } catch (IOException e) {
            return new Reply(-1, "connection failed: " + e, null, null, true);
        }
    }
}
