package io.meshgov.lineage.query;

/**
 * One field mapping along a lineage edge: {@code inputField} of the upstream product feeds {@code
 * outputField} of the downstream one, declared by its owner (with the transformation it named) or
 * observed in a pipeline's column-lineage facet.
 */
public record EdgeMapping(
    String inputField, String outputField, String transformation, Source source) {}
