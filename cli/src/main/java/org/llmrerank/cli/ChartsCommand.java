package org.llmrerank.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.llmrerank.charts.ChartInputException;
import org.llmrerank.charts.ChartSheet;
import org.llmrerank.charts.FrontierChart;
import org.llmrerank.charts.LayeredTiming;
import org.llmrerank.charts.LoadCurve;
import org.llmrerank.charts.LoadCurveChart;
import org.llmrerank.charts.RouterTradeoffChart;
import org.llmrerank.charts.RunResults;
import org.llmrerank.cli.Args.UsageException;
import org.llmrerank.estimator.InputException;

/**
 * {@code charts --results FILE [--load FILE] [--out DIR] [--title TEXT]}: draws measured runs. {@code frontier.png/.svg}
 * from the lines {@code eval --results} appended; with {@code --load}, {@code load-curve.png/.svg} from the scheduler
 * load test's summary; with {@code --tradeoff FILE --timing FILE}, {@code router-tradeoff.png/.svg}: NDCG@10 against
 * PFLOPs and against model time for the layered int8 engine's runs without routers and at each router knob.
 */
final class ChartsCommand {

    static final String FRONTIER = "frontier";
    static final String LOAD_CURVE = "load-curve";
    static final String ROUTER_TRADEOFF = "router-tradeoff";

    private final PrintStream out;

    ChartsCommand(PrintStream out) {
        this.out = out;
    }

    int run(String[] argv) {
        Args args = new Args(argv, 1, Set.of());
        String results = args.string("results");
        String load = args.string("load");
        String tradeoff = args.string("tradeoff");
        String timing = args.string("timing");
        Path dir = Path.of(args.string("out", "docs"));
        String title = args.string("title", "NDCG@10 against cost, one point per run");
        args.rejectUnread();
        if ((tradeoff == null) != (timing == null)) {
            throw new UsageException("--tradeoff FILE (eval --results lines) and --timing FILE (bench --layered --json lines)"
                + " go together");
        }
        if (results == null && load == null && tradeoff == null) {
            throw new UsageException("charts needs --results FILE or --tradeoff FILE (from eval --results) and/or --load FILE"
                + " (scheduler-load.json)");
        }
        List<Path> written = new ArrayList<>();
        try {
            if (results != null) {
                written.addAll(new ChartSheet(List.of(FrontierChart.of(RunResults.read(Path.of(results)), title))).write(dir, FRONTIER));
            }
            if (tradeoff != null) {
                String tradeoffTitle = "Dr.LLM routers: NDCG@10 against cost, DL19 held out";
                written.addAll(new ChartSheet(RouterTradeoffChart.of(RunResults.read(Path.of(tradeoff)),
                        LayeredTiming.read(Path.of(timing)), tradeoffTitle))
                    .write(dir, ROUTER_TRADEOFF));
            }
            if (load != null) {
                written.addAll(new ChartSheet(LoadCurveChart.of(LoadCurve.read(Path.of(load)))).write(dir, LOAD_CURVE));
            }
        } catch (ChartInputException e) {
            throw new InputException(e.getMessage(), e);
        } catch (IOException e) {
            throw new InputException("charts: " + e.getMessage(), e);
        }
        written.forEach(p -> out.println("wrote " + p));
        return Main.OK;
    }
}
