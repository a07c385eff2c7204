package org.llmrerank.rest.models;

/**
 * A PUT (with a spec) or DELETE (without) of one registered model, as it travels to the node that changes the
 * cluster state.
 *
 * @param spec null for a DELETE
 */
public record ModelChange(String name, ModelSpec spec) {}
