package org.llmrerank.elasticsearch.rest;

import java.util.List;
import org.elasticsearch.rest.RestHandler.Route;
import org.elasticsearch.rest.RestRequest;
import org.llmrerank.rest.RestRoute;

/** Elasticsearch's route objects for the engine-neutral {@link RestRoute} table. */
public final class ApiRoutes {

    private ApiRoutes() {}

    /** The routes, each path below {@code prefix}. */
    public static List<Route> under(String prefix, List<RestRoute> routes) {
        return routes.stream().map(r -> new Route(RestRequest.Method.valueOf(r.method().name()), prefix + r.path())).toList();
    }
}
